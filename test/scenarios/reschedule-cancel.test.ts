import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { harnessesClosedAfterEach, pythonIcalendar, readInvite } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY, PROSPECT, PROSPECT_EMAIL, WEBINAR } from '../support/e2e-team.js';

const YAML = campaignYaml({ hosts: [ALICE] });

const startHarness = harnessesClosedAfterEach();

describe.skipIf(!pythonIcalendar)('the prospect moves, then cancels, a booked meeting', () => {
  it('moves the same booking (same UID, SEQUENCE 1), then cancels it (METHOD:CANCEL, SEQUENCE 2), and the report counts it', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const first = await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hi, could we talk this week? Jane' });
    expect(first.outcome).toMatchObject({ status: 'processed', kind: 'human', queued: 1 });
    const [offer] = await h.fresh();
    const conversationId = offer!.conversationId!;
    const offered = h.currentOffer(conversationId);
    expect(offered).toHaveLength(3);

    // Pick the first time.
    h.advanceHours(1);
    await h.receive(h.inThread(offer!, { from: PROSPECT, text: '1 works for me.' }));
    const booked = await h.fresh();
    expect(booked.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    const [booking] = h.bookings();
    expect(booking).toMatchObject({ start_at: offered[0]!.start_at, status: 'confirmed', sequence: 0 });
    const original = readInvite(booked[0]!.ics!);
    expect(original).toMatchObject({ method: 'REQUEST', sequence: 0, status: 'CONFIRMED' });

    // "Can we move it to Thursday at 2pm?": Thursday 19 November 14:00 London, free for Alice.
    const target = DateTime.fromISO('2026-11-19T14:00', { zone: 'Europe/London' });
    expect(offered.map((slot) => slot.start_at)).not.toContain(target.toUTC().toISO());
    h.advanceHours(1);
    await h.receive(h.inThread(booked[0]!, { from: PROSPECT, text: 'Something came up. Can we move it to Thursday at 2pm?' }));
    const moved = await h.fresh();
    expect(moved.map((mail) => [mail.kind, mail.envelopeTo])).toEqual([
      ['confirmation', [PROSPECT_EMAIL]],
      ['host_brief', [ALICE.email]],
    ]);
    expect(moved[0]!.text).toContain('has moved to');
    expect(moved[0]!.text).toContain('Thursday 19 November, 14:00');
    const after = h.bookings();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: booking!.id, uid: booking!.uid, status: 'confirmed', sequence: 1, start_at: target.toUTC().toISO() });
    for (const mail of moved) {
      expect(mail.icsMethod).toBe('REQUEST');
      const invite = readInvite(mail.ics!);
      expect(invite).toMatchObject({ method: 'REQUEST', uid: original.uid, sequence: 1, status: 'CONFIRMED' });
      expect(Date.parse(invite.start)).toBe(target.toMillis());
      expect(invite.attendees).toEqual([`mailto:${ALICE.email}`, `mailto:${PROSPECT_EMAIL}`]);
    }

    // "I need to cancel".
    h.advanceHours(1);
    await h.receive(h.inThread(moved[0]!, { from: PROSPECT, text: "Sorry, I need to cancel. We'll be in touch later." }));
    const cancelled = await h.fresh();
    expect(cancelled.map((mail) => [mail.kind, mail.envelopeTo])).toEqual([
      ['confirmation', [PROSPECT_EMAIL]],
      ['host_brief', [ALICE.email]],
    ]);
    expect(cancelled[0]!.text).toContain('is cancelled');
    for (const mail of cancelled) {
      expect(mail.icsMethod).toBe('CANCEL');
      expect(readInvite(mail.ics!)).toMatchObject({ method: 'CANCEL', uid: original.uid, sequence: 2, status: 'CANCELLED' });
    }
    expect(h.bookings()).toEqual([expect.objectContaining({ id: booking!.id, status: 'cancelled', sequence: 2 })]);
    expect(h.conversationStatus(conversationId)).toBe('cancelled');

    const report = await h.report(Date.parse(MONDAY) - 86_400_000, h.now + 86_400_000);
    expect(report.rows.find((row) => row.key === WEBINAR)).toMatchObject({ leads: 1, booked: 0, cancelled: 1 });
  });

  it('a move to a time the rep is busy offers the nearest free times, keeps the meeting, and reveals nothing of the calendar', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: '2026-11-15T20:00:00Z' });
    await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hello, I would like an intro call.' });
    const [offer] = await h.fresh();
    const offered = h.currentOffer(offer!.conversationId!);
    await h.receive(h.inThread(offer!, { from: PROSPECT, text: 'Number 3, please.' }));
    const [confirmation] = await h.fresh();
    const [booking] = h.bookings();
    expect(booking!.start_at).toBe(offered[2]!.start_at);

    // Alice is in "CONFIDENTIAL Project Falcon review" on Monday 13:00–15:00 London.
    await h.receive(h.inThread(confirmation!, { from: PROSPECT, text: 'Can we move it to Monday at 2pm?' }));
    const answer = await h.fresh();
    expect(answer.map((mail) => mail.kind)).toEqual(['reply']);
    expect(answer[0]!.text).not.toMatch(/Falcon|CONFIDENTIAL|review/i);
    const nearest = h.currentOffer(offer!.conversationId!);
    expect(nearest.length).toBeGreaterThan(0);
    for (const slot of nearest) {
      const [start, end] = [Date.parse(slot.start_at), Date.parse(slot.end_at)];
      expect(start < Date.parse('2026-11-16T15:00:00Z') && end > Date.parse('2026-11-16T13:00:00Z')).toBe(false);
    }
    expect(h.bookings()).toEqual([expect.objectContaining({ id: booking!.id, start_at: booking!.start_at, status: 'confirmed', sequence: 0 })]);
    expect(h.conversationStatus(offer!.conversationId!)).toBe('rescheduling');

    // Picking one of the new times moves the meeting (same row, SEQUENCE 1).
    await h.receive(h.inThread(answer[0]!, { from: PROSPECT, text: '1 is fine' }));
    const moved = await h.fresh();
    expect(moved.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    expect(h.bookings()).toEqual([expect.objectContaining({ id: booking!.id, start_at: nearest[0]!.start_at, sequence: 1, status: 'confirmed' })]);
    if (pythonIcalendar) expect(readInvite(moved[0]!.ics!)).toMatchObject({ sequence: 1, method: 'REQUEST' });
  });
});

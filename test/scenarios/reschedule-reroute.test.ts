import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessesClosedAfterEach, icsCalendar, readInvite, type Harness } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, CAROL, MONDAY, PROSPECT } from '../support/e2e-team.js';

function yaml(keepsHost: boolean): string {
  return campaignYaml({ hosts: [ALICE, CAROL], extra: `    routing: { mode: round_robin, reschedule_keeps_host: ${keepsHost} }\n` });
}

/** Alice's calendar fills up for the next three weeks after she got the meeting. */
function aliceFullyBooked(h: Harness): void {
  writeFileSync(
    join(h.dir, 'calendars/alice.ics'),
    icsCalendar([{ start: '2026-11-16T00:00:00Z', end: '2026-12-07T00:00:00Z', summary: 'Parental leave' }]),
  );
}

const startHarness = harnessesClosedAfterEach();

describe('a reschedule when the rep has no time left', () => {
  async function bookWithAlice(keepsHost: boolean) {
    const h = startHarness({ yaml: yaml(keepsHost), files: CALENDARS, now: MONDAY });
    await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hi, I would like a demo.' });
    const [offer] = await h.fresh();
    h.advanceHours(1);
    await h.receive(h.inThread(offer!, { from: PROSPECT, text: '1 works for me.' }));
    const booked = await h.fresh();
    expect(booked.map((mail) => [mail.kind, mail.envelopeTo])).toEqual([
      ['confirmation', ['jane.doe@acme-customer.com']],
      ['host_brief', [ALICE.email]],
    ]);
    aliceFullyBooked(h);
    h.advanceHours(1);
    await h.receive(h.inThread(booked[0]!, { from: PROSPECT, text: 'Something came up, can we reschedule?' }));
    return { h, booking: h.bookings()[0]! };
  }

  it('with reschedule_keeps_host: false, a colleague takes it: times, pick, the same booking moves to them', async () => {
    const { h, booking } = await bookWithAlice(false);
    const [offer] = await h.fresh();
    expect(offer!.kind).toBe('reply');
    expect(offer!.text).toContain('Carol Diaz');
    h.advanceHours(1);
    await h.receive(h.inThread(offer!, { from: PROSPECT, text: '2 please' }));
    const moved = await h.fresh();
    expect(moved.map((mail) => [mail.kind, mail.envelopeTo, mail.icsMethod])).toEqual([
      ['confirmation', ['jane.doe@acme-customer.com'], 'REQUEST'],
      ['host_brief', [CAROL.email], 'REQUEST'],
      ['host_brief', [ALICE.email], 'CANCEL'],
    ]);
    const invite = readInvite(moved[0]!.ics!);
    expect(invite).toMatchObject({ uid: booking.uid, sequence: 1, organizer: `mailto:${CAROL.email}` });
    expect(moved[2]!.text).toContain('a colleague takes it');
    const rows = h.rows<{ host_id: string }>(`SELECT host_id FROM booking_hosts WHERE booking_id = ?`, booking.id);
    expect(rows.map((row) => row.host_id)).toEqual(['carol']);
    expect(h.bookings()).toEqual([expect.objectContaining({ id: booking.id, host_id: 'carol', status: 'confirmed', sequence: 1 })]);
  });

  it('with reschedule_keeps_host: true (the default), a person takes over and the booking stands', async () => {
    const { h, booking } = await bookWithAlice(true);
    const mails = await h.fresh();
    expect(mails.map((mail) => mail.kind).sort()).toEqual(['handoff', 'reply']);
    expect(h.bookings()).toEqual([expect.objectContaining({ id: booking.id, host_id: 'alice', status: 'confirmed', sequence: 0 })]);
  });
});

import { describe, expect, it } from 'vitest';
import { harnessesClosedAfterEach, type Harness } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY, PROSPECT, PROSPECT_EMAIL } from '../support/e2e-team.js';

const startHarness = harnessesClosedAfterEach();
const YAML = campaignYaml({ hosts: [ALICE], extra: '    meeting:\n      reminders: [24h, 1h]\n' });
const HOUR = 3_600_000;

async function booked(h: Harness, pick = '2 please') {
  await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hello, could we set up a demo?' });
  const [offer] = await h.fresh();
  h.advanceHours(0.2);
  await h.receive(h.inThread(offer!, { from: PROSPECT, text: pick }));
  const [confirmation] = (await h.fresh()).filter((mail) => mail.kind === 'confirmation');
  const [booking] = h.bookings();
  return { confirmation: confirmation!, start: Date.parse(booking!.start_at) };
}

/** Runs the slow tick at `at` and returns the reminders it queued. */
async function tickAt(h: Harness, at: number) {
  h.setNow(at);
  await h.pipeline.followUps();
  return (await h.fresh()).filter((mail) => mail.kind === 'reminder');
}

describe('meeting reminders', () => {
  it('24 hours and 1 hour before, in the thread, to the prospect in their zone; never twice', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const { confirmation, start } = await booked(h);
    expect(start - h.now).toBeGreaterThan(25 * HOUR);

    expect(await tickAt(h, start - 25 * HOUR)).toEqual([]);
    const [day] = await tickAt(h, start - 24 * HOUR + 60_000);
    expect(day!.envelopeTo).toEqual([PROSPECT_EMAIL]);
    expect(day!.text).toMatch(/^Hi Jane,\n\nA reminder of your meeting with Alice Moreau:/);
    // The same time and zone line the confirmation gave.
    const timeLine = confirmation.text.split('\n').find((line) => line.startsWith('  '))!;
    expect(day!.text).toContain(timeLine);
    // In the thread, with the conversation's reply address: an answer moves the meeting.
    expect(day!.replyTo).toBe(confirmation.replyTo);
    expect(day!.parsed.inReplyTo).toBeTruthy();
    expect(await tickAt(h, start - 2 * HOUR)).toEqual([]);
    const [hour] = await tickAt(h, start - HOUR + 60_000);
    expect(hour!.text).toContain('A reminder of your meeting');
    expect(await tickAt(h, start - 30 * 60_000)).toEqual([]);
  });

  it('a reply to the reminder moves the meeting, and the new time gets its own reminders', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const { start } = await booked(h);
    const [day] = await tickAt(h, start - 24 * HOUR + 60_000);
    await h.receive(h.inThread(day!, { from: PROSPECT, text: 'Something came up, can we move it? What else do you have?' }));
    const [times] = await h.fresh();
    expect(times!.kind).toBe('reply');
    h.advanceHours(0.1);
    await h.receive(h.inThread(times!, { from: PROSPECT, text: '3 please' }));
    const [moved] = h.bookings();
    const newStart = Date.parse(moved!.start_at);
    expect(newStart).not.toBe(start);
    // No reminder for the old time; the new one is reminded of before it.
    const reminders = await tickAt(h, newStart - HOUR + 60_000);
    expect(reminders).toHaveLength(1);
    expect(await tickAt(h, newStart - 30 * 60_000)).toEqual([]);
  });

  it('a lead time that came while the meeting was being booked, or while the service was down, is passed over: only the latest reminder goes', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const { start } = await booked(h, '1 please');
    // Nothing ticked until an hour before: one reminder, not two.
    const late = await tickAt(h, start - HOUR + 60_000);
    expect(late).toHaveLength(1);
    expect(await tickAt(h, start - 59 * 60_000)).toEqual([]);
    const skipped = h.rows<{ before_minutes: number; outcome: string }>(`SELECT before_minutes, outcome FROM meeting_reminders ORDER BY before_minutes`);
    expect(skipped).toEqual([{ before_minutes: 60, outcome: 'sent' }, { before_minutes: 1440, outcome: 'skipped' }]);
  });

  it('in the prospect\'s language', async () => {
    const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY });
    const marie = 'Marie Dupont <marie.dupont@exemple.fr>';
    await h.receive({ from: marie, subject: 'Démonstration', offset: '+01:00', text: 'Bonjour,\n\nJe souhaiterais organiser une démonstration.\n\nCordialement,\nMarie' });
    const [offer] = await h.fresh();
    h.advanceHours(0.2);
    await h.receive(h.inThread(offer!, { from: marie, offset: '+01:00', text: 'Le 3 me convient, merci.' }));
    const start = Date.parse(h.bookings()[0]!.start_at);
    const [reminder] = await tickAt(h, start - 24 * HOUR + 60_000);
    expect(reminder!.text).toMatch(/^Bonjour Marie,\n\nPetit rappel de votre rendez-vous avec Alice Moreau/);
    expect(reminder!.text).toContain('heure de Paris');
  });
});

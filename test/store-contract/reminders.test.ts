import { expect, it } from 'vitest';
import { INITIAL_STATE } from '../../src/core/conversation.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine } from './engines.js';

const CAMPAIGN = 'demo@meet.example';
const NOW = Date.parse('2026-05-04T09:00:00.000Z');
const HOUR = 3_600_000;

/** A confirmed meeting booked at NOW for a new lead, `inHours` from now, half an hour long. */
async function meeting(store: Store, email: string, inHours: number, hostIds = ['bob']) {
  const { lead } = await store.leads.findOrCreate({ campaign: CAMPAIGN, email, name: null, receivedAt: NOW - HOUR });
  const conversation = await store.conversations.create(
    { leadId: lead.id, campaign: CAMPAIGN, token: `t-${email}`, state: INITIAL_STATE, prospectZone: 'UTC', subject: 'Demo', language: null },
    NOW - HOUR,
  );
  const uid = `${email}@meet.test`;
  const slot = { start: NOW + inHours * HOUR, end: NOW + inHours * HOUR + HOUR / 2 };
  const verdict = await store.transaction(() =>
    store.bookings.insertIfFree({ uid, leadId: lead.id, conversationId: conversation.id, campaign: CAMPAIGN, hostIds, attendeeEmail: email, slot }, NOW),
  );
  if (!verdict.ok) throw new Error(`${email}: slot taken`);
  return { uid, bookingId: verdict.id, leadId: lead.id, conversationId: conversation.id, slot };
}

describeEachEngine('reminders', (open) => {
  it('lists confirmed meetings starting after now and up to the horizon, soonest first', async () => {
    const store = await open();
    const later = await meeting(store, 'late@a.example', 20);
    const soon = await meeting(store, 'soon@a.example', 2, ['carol']);
    const beyond = await meeting(store, 'beyond@a.example', 30, ['dave']);
    const cancelled = await meeting(store, 'gone@a.example', 3, ['erin']);
    await store.transaction(() => store.bookings.cancel(cancelled.uid, NOW));

    const upcoming = await store.reminders.upcoming(NOW, NOW + 20 * HOUR);
    expect(upcoming.map((m) => m.uid)).toEqual([soon.uid, later.uid]);
    expect(upcoming[0]).toEqual({
      bookingId: soon.bookingId,
      uid: soon.uid,
      sequence: 0,
      conversationId: soon.conversationId,
      leadId: soon.leadId,
      campaign: CAMPAIGN,
      hostIds: ['carol'],
      start: soon.slot.start,
      end: soon.slot.end,
      setAt: NOW,
      handled: [],
    });
    // Starting exactly now is no longer ahead; starting exactly at the horizon is within it.
    expect((await store.reminders.upcoming(NOW + 2 * HOUR, NOW + 30 * HOUR)).map((m) => m.uid)).toEqual([later.uid, beyond.uid]);
    expect(await store.reminders.upcoming(NOW + 31 * HOUR, NOW + 40 * HOUR)).toEqual([]);
  });

  it('names the organiser first, then the other hosts by id', async () => {
    const store = await open();
    await meeting(store, 'team@a.example', 4, ['mia', 'zoe', 'al']);
    const [team] = await store.reminders.upcoming(NOW, NOW + 24 * HOUR);
    expect(team!.hostIds).toEqual(['mia', 'al', 'zoe']);
  });

  it('records each lead time once per meeting time, and a moved meeting is reminded of again', async () => {
    const store = await open();
    const demo = await meeting(store, 'ann@a.example', 24);
    const input = { bookingId: demo.bookingId, start: demo.slot.start, beforeMinutes: 1440, outcome: 'sent' as const };
    expect(await store.reminders.record(input, NOW)).toBe(true);
    expect(await store.reminders.record({ ...input, outcome: 'skipped' }, NOW + 1)).toBe(false);
    expect(await store.reminders.record({ ...input, beforeMinutes: 60, outcome: 'skipped' }, NOW)).toBe(true);
    const [before] = await store.reminders.upcoming(NOW, NOW + 48 * HOUR);
    expect(before!.handled).toEqual([60, 1440]);

    const moved = { start: demo.slot.start + 2 * HOUR, end: demo.slot.end + 2 * HOUR };
    const verdict = await store.transaction(() => store.bookings.moveIfFree(demo.uid, moved, ['bob'], NOW + HOUR));
    expect(verdict.ok).toBe(true);
    const [after] = await store.reminders.upcoming(NOW, NOW + 48 * HOUR);
    expect(after).toMatchObject({ start: moved.start, setAt: NOW + HOUR, handled: [] });
    expect(await store.reminders.record({ ...input, start: moved.start }, NOW + HOUR)).toBe(true);
    expect((await store.reminders.upcoming(NOW, NOW + 48 * HOUR))[0]!.handled).toEqual([1440]);
  });

  it('records nothing from a transaction that rolls back', async () => {
    const store = await open();
    const demo = await meeting(store, 'ann@a.example', 24);
    const input = { bookingId: demo.bookingId, start: demo.slot.start, beforeMinutes: 60, outcome: 'sent' as const };
    await expect(
      store.transaction(async (tx) => {
        expect(await tx.reminders.record(input, NOW)).toBe(true);
        throw new Error('the send failed');
      }),
    ).rejects.toThrow('the send failed');
    expect(await store.reminders.record(input, NOW)).toBe(true);
  });
});

import { expect, it } from 'vitest';
import type { MeetingOutcome } from '../../src/core/report-outcome.js';
import type { BookingForOutcome } from '../../src/store/outcomes.js';
import type { Store } from '../../src/store/store.js';
import { CAMPAIGN, HOUR, MINUTE, NOW, newBooking, slotAt } from './conversations-fixture.js';
import { describeEachEngine } from './engines.js';

/** A meeting booked for `email` the day before NOW, as the outcomes see it. */
async function meeting(store: Store, email: string, hostIds = ['bob']): Promise<BookingForOutcome> {
  const booking = await newBooking(store, email, hostIds, slotAt(-24));
  const verdict = await store.transaction(() => store.bookings.insertIfFree(booking, NOW - 2 * 24 * HOUR));
  if (!verdict.ok) throw new Error(`${email}: slot taken`);
  return (await store.outcomes.booking(booking.uid))!;
}

function outcome(booking: BookingForOutcome, value: MeetingOutcome, reason: string | null = null, recordedBy = 'bob@meet.example', source: 'cli' | 'link' = 'link') {
  return { booking, outcome: value, reason, recordedBy, source };
}

const decisionsOf = async (store: Store, leadId: number) => {
  const [lead] = await store.leadHistory.find(String(leadId));
  return (await store.leadHistory.history(lead!)).entries.flatMap((entry) => (entry.type === 'decision' ? [entry] : []));
};

describeEachEngine('outcomes', (open) => {
  it('finds a booking by its number or its uid', async () => {
    const store = await open();
    const ann = await meeting(store, 'ann@a.example', ['bob', 'cy']);
    expect(ann).toEqual({
      id: expect.any(Number),
      uid: 'ann@a.example@meet.test',
      leadId: expect.any(Number),
      conversationId: expect.any(Number),
      campaign: CAMPAIGN,
      hostId: 'bob',
      attendeeEmail: 'ann@a.example',
      ...slotAt(-24),
      status: 'confirmed',
    });
    expect(await store.outcomes.booking(String(ann.id))).toEqual(ann);
    expect(await store.outcomes.booking(String(ann.id + 100))).toBeNull();
    expect(await store.outcomes.booking('99999999999999999999999')).toBeNull();
    expect(await store.outcomes.booking('nobody@meet.test')).toBeNull();
    expect(await store.outcomes.booking('')).toBeNull();
  });

  it('records an outcome; the same again changes nothing and keeps who recorded it first; another replaces it', async () => {
    const store = await open();
    const ann = await meeting(store, 'ann@a.example');
    expect(await store.outcomes.current(ann.id)).toBeNull();

    expect(await store.outcomes.record(outcome(ann, 'held'), NOW)).toEqual({ change: 'recorded', previous: null });
    const held = { outcome: 'held', reason: null, recordedBy: 'bob@meet.example', recordedAt: NOW, source: 'link' };
    expect(await store.outcomes.current(ann.id)).toEqual(held);

    expect(await store.outcomes.record(outcome(ann, 'held', null, 'ops', 'cli'), NOW + MINUTE)).toEqual({ change: 'unchanged', previous: held });
    expect(await store.outcomes.current(ann.id)).toEqual(held);

    expect(await store.outcomes.record(outcome(ann, 'disqualified', 'no_budget', 'ops', 'cli'), NOW + HOUR)).toEqual({ change: 'changed', previous: held });
    const disqualified = { outcome: 'disqualified', reason: 'no_budget', recordedBy: 'ops', recordedAt: NOW + HOUR, source: 'cli' };
    expect(await store.outcomes.current(ann.id)).toEqual(disqualified);
    expect(await store.outcomes.record(outcome(ann, 'disqualified', 'no_fit', 'ops', 'cli'), NOW + 2 * HOUR)).toEqual({ change: 'changed', previous: disqualified });
  });

  it('keeps every recorded change among the decisions, and none for a repeat', async () => {
    const store = await open();
    const ann = await meeting(store, 'ann@a.example');
    await store.outcomes.record(outcome(ann, 'no_show'), NOW);
    await store.outcomes.record(outcome(ann, 'no_show'), NOW + MINUTE);
    await store.outcomes.record(outcome(ann, 'disqualified', 'no_budget', 'ops', 'cli'), NOW + HOUR);
    const noShow = { outcome: 'no_show', reason: null, recordedBy: 'bob@meet.example', recordedAt: NOW, source: 'link' };
    expect(await decisionsOf(store, ann.leadId)).toEqual([
      {
        type: 'decision',
        at: NOW,
        id: expect.any(Number),
        kind: 'outcome',
        actor: 'rep',
        summary: 'outcome no_show recorded by bob@meet.example (link)',
        detail: { bookingId: ann.id, outcome: 'no_show', reason: null, recordedBy: 'bob@meet.example', source: 'link', previous: null },
      },
      {
        type: 'decision',
        at: NOW + HOUR,
        id: expect.any(Number),
        kind: 'outcome',
        actor: 'rep',
        summary: 'outcome changed from no_show to disqualified (no_budget) by ops (cli)',
        detail: { bookingId: ann.id, outcome: 'disqualified', reason: 'no_budget', recordedBy: 'ops', source: 'cli', previous: noShow },
      },
    ]);
  });

  it("carries the outcome onto the lead's meeting, where the reports count it", async () => {
    const store = await open();
    const [ann, bea, cy] = [await meeting(store, 'ann@a.example'), await meeting(store, 'bea@a.example', ['dan']), await meeting(store, 'cy@a.example', ['eve'])];
    await store.outcomes.record(outcome(ann!, 'held'), NOW);
    await store.outcomes.record(outcome(bea!, 'no_show'), NOW);
    await store.outcomes.record(outcome(cy!, 'disqualified', 'no_budget'), NOW);
    await store.outcomes.record(outcome(bea!, 'held'), NOW + MINUTE);
    const window = { since: NOW - 2 * HOUR, until: NOW, campaign: CAMPAIGN };
    expect((await store.reports.groups(window, 'campaign'))[0]).toMatchObject({ leads: 3, booked: 3, held: 2, noShow: 0, disqualified: 1 });
    expect(await store.reports.disqualifiedReasons(window)).toEqual([{ reason: 'no_budget', count: 1 }]);
    const [lead] = await store.leadHistory.find(String(cy!.leadId));
    expect((await store.leadHistory.history(lead!)).meetings).toMatchObject([{ id: cy!.id, outcome: 'disqualified', reason: 'no_budget', recordedBy: 'bob@meet.example' }]);
  });

  it('of two reps recording at once, the second sees the first as what it replaced', async () => {
    const store = await open();
    for (let round = 0; round < 5; round++) {
      const booking = await meeting(store, `p${round}@a.example`, [`host-${round}`]);
      const results = await Promise.all([
        store.outcomes.record(outcome(booking, 'held', null, 'bob'), NOW),
        store.outcomes.record(outcome(booking, 'no_show', null, 'sue'), NOW),
      ]);
      expect(results.map((result) => result.change).sort()).toEqual(['changed', 'recorded']);
      const second = results.find((result) => result.change === 'changed')!;
      const first = results.find((result) => result.change === 'recorded')!;
      expect(second.previous!.outcome).toBe(first === results[0] ? 'held' : 'no_show');
      expect((await decisionsOf(store, booking.leadId)).map((decision) => decision.kind)).toEqual(['outcome', 'outcome']);
    }
  });

  it('an outcome recorded in a transaction that rolls back is not there', async () => {
    const store = await open();
    const ann = await meeting(store, 'ann@a.example');
    await expect(
      store.transaction(async () => {
        await store.outcomes.record(outcome(ann, 'held'), NOW);
        throw new Error('mail failed');
      }),
    ).rejects.toThrow('mail failed');
    expect(await store.outcomes.current(ann.id)).toBeNull();
    expect(await decisionsOf(store, ann.leadId)).toEqual([]);
  });
});

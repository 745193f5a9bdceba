import { expect, it } from 'vitest';
import type { Hold } from '../../src/core/holds.js';
import { HOUR, MINUTE, NOW, prospect, slotAt } from './conversations-fixture.js';
import { describeEachEngine, openTwoNodes } from './engines.js';

const EXPIRES = NOW + 2 * HOUR;

function offer(hostIds: string[], hours: number[], expiresAt = EXPIRES) {
  return { hostIds, slots: hours.map((h) => slotAt(h)), heldAt: NOW, expiresAt };
}

function held(conversationId: number, hostIds: string[], hours: number[], expiresAt = EXPIRES): Hold[] {
  return hours.map((h, i) => ({ conversationId, hostIds, position: i + 1, ...slotAt(h), heldAt: NOW, expiresAt }));
}

describeEachEngine('holds', (open, engine) => {
  // SQLite's write lock, taken at BEGIN, makes any two transactions take turns; two connections
  // in one thread would only wait on each other here (a second process is what waits).
  it.skipIf(engine !== 'postgresql')('turns on the same hosts take turns across nodes, so two leads are never offered the same time at once', async () => {
    const nodes = await openTwoNodes(engine);
    try {
      const [a, b] = nodes.stores;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const steps: string[] = [];
      const first = a.transaction(async () => {
        await a.holds.takeTurn(['alice', 'bob']);
        steps.push('a has alice');
        await held;
        steps.push('a ends');
      });
      while (steps.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = b.transaction(async () => {
        await b.holds.takeTurn(['alice']);
        steps.push('b has alice');
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      // Another host is not held up.
      await b.transaction(() => b.holds.takeTurn(['carol']));
      release();
      await Promise.all([first, second]);
      expect(steps).toEqual(['a has alice', 'a ends', 'b has alice']);
    } finally {
      await nodes.close();
    }
  });

  it("holds an offer's times in its order for the lead; other turns see them on any host in common", async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    const bea = (await prospect(store, 'bea@a.example')).conversation.id;
    await store.holds.replace(ann, offer(['bob'], [26, 24, 25]));
    await store.holds.replace(bea, offer(['cy', 'bob'], [30]));

    expect(await store.holds.active({ hostIds: ['bob'], now: NOW, exceptConversation: null })).toEqual([
      ...held(ann, ['bob'], [26, 24, 25]),
      ...held(bea, ['cy', 'bob'], [30]),
    ]);
    expect(await store.holds.active({ hostIds: ['cy', 'dan'], now: NOW, exceptConversation: null })).toEqual(held(bea, ['cy', 'bob'], [30]));
    expect(await store.holds.active({ hostIds: ['bob'], now: NOW, exceptConversation: ann })).toEqual(held(bea, ['cy', 'bob'], [30]));
    expect(await store.holds.active({ hostIds: ['dan'], now: NOW, exceptConversation: null })).toEqual([]);
    expect(await store.holds.count(NOW)).toBe(4);
  });

  it("a new offer replaces the conversation's holds; a release ends them", async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    const bea = (await prospect(store, 'bea@a.example')).conversation.id;
    await store.holds.replace(ann, offer(['bob'], [24, 25, 26]));
    await store.holds.replace(bea, offer(['bob'], [30]));
    await store.holds.replace(ann, offer(['cy'], [40, 41], NOW + HOUR));
    expect(await store.holds.active({ hostIds: ['bob', 'cy'], now: NOW, exceptConversation: bea })).toEqual(held(ann, ['cy'], [40, 41], NOW + HOUR));

    await store.holds.release(ann);
    await store.holds.release(ann);
    expect(await store.holds.active({ hostIds: ['bob', 'cy'], now: NOW, exceptConversation: null })).toEqual(held(bea, ['bob'], [30]));
    await store.holds.replace(bea, offer(['bob'], []));
    expect(await store.holds.count(NOW)).toBe(0);
  });

  it('holds end at their expiry, and a sweep removes the ended ones', async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    const bea = (await prospect(store, 'bea@a.example')).conversation.id;
    await store.holds.replace(ann, offer(['bob'], [24, 25], NOW + HOUR));
    await store.holds.replace(bea, offer(['bob'], [30], NOW + 3 * HOUR));

    const at = (now: number) => store.holds.active({ hostIds: ['bob'], now, exceptConversation: null });
    expect(await at(NOW + HOUR - 1)).toHaveLength(3);
    expect(await at(NOW + HOUR)).toEqual(held(bea, ['bob'], [30], NOW + 3 * HOUR));
    expect(await store.holds.count(NOW + HOUR)).toBe(1);
    expect(await store.holds.committed('bob', NOW + HOUR)).toEqual(held(bea, ['bob'], [30], NOW + 3 * HOUR));

    expect(await store.holds.sweep(NOW + HOUR - 1)).toBe(0);
    expect(await store.holds.sweep(NOW + HOUR)).toBe(2);
    expect(await store.holds.sweep(NOW + HOUR)).toBe(0);
    expect(await at(NOW)).toEqual(held(bea, ['bob'], [30], NOW + 3 * HOUR));
  });

  it('reserved times stand in the way of other turns, but are neither counted nor on calendars until committed', async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    const bea = (await prospect(store, 'bea@a.example')).conversation.id;
    await store.holds.replace(bea, offer(['bob'], [30]));
    await store.transaction(() => store.holds.reserve(ann, offer(['bob', 'cy'], [24, 25])), { durable: false });

    expect(await store.holds.active({ hostIds: ['cy'], now: NOW, exceptConversation: bea })).toEqual(held(ann, ['bob', 'cy'], [24, 25]));
    expect(await store.holds.active({ hostIds: ['cy'], now: NOW, exceptConversation: ann })).toEqual([]);
    expect(await store.holds.count(NOW)).toBe(1);
    expect(await store.holds.committed('cy', NOW)).toEqual([]);
    expect(await store.holds.committed('bob', NOW)).toEqual(held(bea, ['bob'], [30]));

    // The turn offered them after all: its commit replaces the reservation with holds.
    await store.holds.replace(ann, offer(['bob', 'cy'], [24, 25]));
    expect(await store.holds.committed('cy', NOW)).toEqual(held(ann, ['bob', 'cy'], [24, 25]));
    expect(await store.holds.count(NOW)).toBe(3);
  });

  it("dropping a turn's reservation keeps the conversation's committed holds", async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    await store.holds.replace(ann, offer(['bob'], [24]));
    await store.holds.reserve(ann, offer(['bob'], [40, 41]));
    await store.holds.dropReserved(ann);
    await store.holds.dropReserved(ann);
    expect(await store.holds.active({ hostIds: ['bob'], now: NOW, exceptConversation: null })).toEqual(held(ann, ['bob'], [24]));
  });

  it('a reservation in a transaction that rolls back is not there', async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    await expect(
      store.transaction(async () => {
        await store.holds.reserve(ann, offer(['bob'], [24, 25]));
        throw new Error('turn died');
      }, { durable: false }),
    ).rejects.toThrow('turn died');
    expect(await store.holds.active({ hostIds: ['bob'], now: NOW, exceptConversation: null })).toEqual([]);
  });

  it("keeps the hold events written to each rep's calendar, by start; writing one again replaces it", async () => {
    const store = await open();
    const ann = (await prospect(store, 'ann@a.example')).conversation.id;
    const late = { uid: 'hold-late', hostId: 'bob', conversationId: ann, ...slotAt(30) };
    const early = { uid: 'hold-early', hostId: 'bob', conversationId: ann, ...slotAt(24) };
    const cy = { uid: 'hold-cy', hostId: 'cy', conversationId: ann, ...slotAt(20) };
    for (const event of [late, early, cy]) await store.holds.eventWritten(event, NOW);
    expect(await store.holds.eventsOn('bob')).toEqual([early, late]);
    expect(await store.holds.eventsOn('cy')).toEqual([cy]);
    expect(await store.holds.eventsOn('dan')).toEqual([]);

    const moved = { ...late, start: slotAt(22).start, end: slotAt(22).start + 15 * MINUTE };
    await store.holds.eventWritten(moved, NOW + HOUR);
    expect(await store.holds.eventsOn('bob')).toEqual([moved, early]);

    await store.holds.eventRemoved(early.uid);
    await store.holds.eventRemoved('hold-unknown');
    expect(await store.holds.eventsOn('bob')).toEqual([moved]);
  });
});

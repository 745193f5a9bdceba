import { expect, it } from 'vitest';
import type { Claimant } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine, openTwoNodes } from './engines.js';

const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const HOOK = 'https://crm.example/hooks';
const OTHER = 'https://chat.example/hooks';
const A: Claimant = { node: 'node-a', leaseMs: 600_000 };
const B: Claimant = { node: 'node-b', leaseMs: 600_000 };

let next = 0;
const delivery = (over: { endpoint?: string; leadId?: number | null; event?: string } = {}) => ({
  webhookId: `msg_${++next}`,
  endpoint: over.endpoint ?? HOOK,
  event: over.event ?? 'meeting.booked',
  leadId: over.leadId === undefined ? 1 : over.leadId,
  payload: `{"n":${next},"text":"Zoë \\u00e9"}`,
});

describeEachEngine('webhooks', (open, engine) => {
  it('queues deliveries due at once, each as it was given, and counts them as pending', async () => {
    const store = await open();
    const first = delivery({ leadId: null });
    await store.webhooks.enqueue([first], T0);
    expect(await store.webhooks.pending()).toBe(1);
    expect(await store.webhooks.claimNext(T0 - 1, A)).toBeNull();
    const due = await store.webhooks.claimNext(T0, A);
    expect(due).toEqual({ id: expect.any(Number), ...first, attempts: 0, createdAt: T0, lastError: null });
    expect(await store.webhooks.claimNext(T0, A)).toBeNull();
    await store.webhooks.enqueue([], T0);
    expect(await store.webhooks.pending()).toBe(1);
  });

  it('holds back a lead\'s later event to an endpoint while an earlier one is pending, and only that', async () => {
    const store = await open();
    const [a1, a2, b1, other, none1, none2] = [
      delivery({ leadId: 1 }),
      delivery({ leadId: 1 }),
      delivery({ leadId: 2 }),
      delivery({ leadId: 1, endpoint: OTHER }),
      delivery({ leadId: null }),
      delivery({ leadId: null }),
    ];
    await store.webhooks.enqueue([a1, a2, b1, other, none1, none2], T0);
    const taken: Array<{ id: number; webhookId: string }> = [];
    for (let found = await store.webhooks.claimNext(T0, A); found; found = await store.webhooks.claimNext(T0, A)) taken.push(found);
    // A lead's events, events without a lead alike, wait for the earlier one to the same endpoint.
    expect(taken.map((found) => found.webhookId)).toEqual([a1.webhookId, b1.webhookId, other.webhookId, none1.webhookId]);

    await store.webhooks.delivered(taken[0]!.id, T0 + 10);
    expect((await store.webhooks.claimNext(T0 + 10, A))!.webhookId).toBe(a2.webhookId);
    expect(await store.webhooks.claimNext(T0 + 10, A)).toBeNull();
    expect(await store.webhooks.pending()).toBe(5);
  });

  it('gives each delivery to one claim at a time, oldest due first, until its lease runs out', async () => {
    const store = await open();
    const [one, two, three] = [delivery({ leadId: 1 }), delivery({ leadId: 2 }), delivery({ leadId: 3 })];
    await store.webhooks.enqueue([one, two], T0);
    await store.webhooks.enqueue([three], T0 + 10);
    const short = { node: 'node-a', leaseMs: 1_000 };
    expect((await store.webhooks.claimNext(T0 + 10, short))!.webhookId).toBe(one.webhookId);
    expect((await store.webhooks.claimNext(T0 + 10, B))!.webhookId).toBe(two.webhookId);
    expect((await store.webhooks.claimNext(T0 + 10, short))!.webhookId).toBe(three.webhookId);
    expect(await store.webhooks.claimNext(T0 + 1_010, B)).toBeNull();
    // Node A's deliveries stalled past their lease: another node takes them, oldest first.
    const takenOver = (await store.webhooks.claimNext(T0 + 1_011, B))!;
    expect(takenOver).toMatchObject({ webhookId: one.webhookId, attempts: 0 });
    expect((await store.webhooks.claimNext(T0 + 1_011, B))!.webhookId).toBe(three.webhookId);
    expect(await store.webhooks.claimNext(T0 + 1_011, A)).toBeNull();
  });

  it('ends the claim with a failed attempt: the retry, and the dead letter queued again, are anyone\'s to take', async () => {
    const store = await open();
    const [first, second] = [delivery({ leadId: 1 }), delivery({ leadId: 1 })];
    await store.webhooks.enqueue([first, second], T0);
    const claimed = (await store.webhooks.claimNext(T0, A))!;
    await store.webhooks.attemptFailed(claimed.id, 'HTTP 503', T0 + 5);
    // Still pending, so the lead's second event waits behind it.
    expect(await store.webhooks.claimNext(T0 + 4, B)).toBeNull();
    const again = (await store.webhooks.claimNext(T0 + 5, B))!;
    expect(again).toMatchObject({ id: claimed.id, attempts: 1, lastError: 'HTTP 503' });
    await store.webhooks.attemptFailed(again.id, 'HTTP 410', null);
    const next = (await store.webhooks.claimNext(T0 + 6, A))!;
    expect(next.webhookId).toBe(second.webhookId);
    await store.webhooks.delivered(next.id, T0 + 7);
    expect(await store.webhooks.retry(again.id, T0 + 8)).toBe(1);
    expect(await store.webhooks.claimNext(T0 + 8, A)).toMatchObject({ id: again.id, attempts: 2 });
  });

  it('backs a failed attempt off to its retry time, first by due time then by age, and keeps it as failed when it runs out', async () => {
    const store = await open();
    const early = delivery({ leadId: 1 });
    const later = delivery({ leadId: 2 });
    await store.webhooks.enqueue([early], T0);
    await store.webhooks.enqueue([later], T0 + 1_000);
    const first = (await store.webhooks.claimNext(T0 + 1_000, A))!;
    expect(first.webhookId).toBe(early.webhookId);

    await store.webhooks.attemptFailed(first.id, 'HTTP 503', T0 + 60_000);
    const laterOne = (await store.webhooks.claimNext(T0 + 59_999, A))!;
    expect(laterOne.webhookId).toBe(later.webhookId);
    expect(await store.webhooks.claimNext(T0 + 59_999, A)).toBeNull();
    const retried = (await store.webhooks.claimNext(T0 + 60_000, B))!;
    expect(retried).toMatchObject({ webhookId: early.webhookId, attempts: 1, lastError: 'HTTP 503' });
    expect(await store.webhooks.failed()).toEqual([]);

    await store.webhooks.attemptFailed(retried.id, 'HTTP 410', null);
    await store.webhooks.attemptFailed(laterOne.id, 'timeout', null);
    expect(await store.webhooks.pending()).toBe(0);
    expect(await store.webhooks.claimNext(T0 + 3_600_000, A)).toBeNull();
    const failed = await store.webhooks.failed();
    expect(failed.map(({ webhookId, attempts, lastError }) => ({ webhookId, attempts, lastError }))).toEqual([
      { webhookId: early.webhookId, attempts: 2, lastError: 'HTTP 410' },
      { webhookId: later.webhookId, attempts: 1, lastError: 'timeout' },
    ]);
  });

  it('queues failed deliveries again, one or all, due at the time of the retry; delivery clears the error', async () => {
    const store = await open();
    await store.webhooks.enqueue([delivery(), delivery({ leadId: 2 }), delivery({ leadId: 3 })], T0);
    const ids: number[] = [];
    for (let found = await store.webhooks.claimNext(T0, A); found; found = await store.webhooks.claimNext(T0, A)) {
      ids.push(found.id);
      await store.webhooks.attemptFailed(found.id, 'refused', null);
    }
    expect(ids).toHaveLength(3);

    expect(await store.webhooks.retry(ids[1]!, T0 + 5_000)).toBe(1);
    expect(await store.webhooks.retry(ids[1]!, T0 + 5_000)).toBe(0);
    expect(await store.webhooks.retry(999_999, T0 + 5_000)).toBe(0);
    expect(await store.webhooks.claimNext(T0 + 4_999, A)).toBeNull();
    // Queued again within the lease of the claim that failed it: that claim ended with the attempt.
    const again = (await store.webhooks.claimNext(T0 + 5_000, B))!;
    expect(again).toMatchObject({ id: ids[1], attempts: 1, lastError: 'refused' });
    await store.webhooks.delivered(again.id, T0 + 6_000);
    expect((await store.webhooks.failed()).map((failed) => failed.id)).toEqual([ids[0], ids[2]]);
    // A delivered one is not queued again by "all".
    expect(await store.webhooks.retry(null, T0 + 7_000)).toBe(2);
    expect(await store.webhooks.pending()).toBe(2);
    expect(await store.webhooks.failed()).toEqual([]);
    expect(await store.webhooks.retry(again.id, T0 + 8_000)).toBe(0);
  });

  it('queues nothing from a transaction that rolls back, and refuses a webhook id twice', async () => {
    const store = await open();
    await expect(
      store.transaction(async (tx) => {
        await tx.webhooks.enqueue([delivery()], T0);
        throw new Error('the turn failed');
      }),
    ).rejects.toThrow('the turn failed');
    expect(await store.webhooks.pending()).toBe(0);

    const once = delivery();
    await store.webhooks.enqueue([once], T0);
    await expect(store.webhooks.enqueue([{ ...once, event: 'meeting.cancelled' }], T0)).rejects.toThrow();
    expect(await store.webhooks.pending()).toBe(1);
  });

  it.skipIf(engine === 'sqlite memory')('keeps a lead\'s events in order across two nodes: the next waits while the earlier one is claimed elsewhere', async () => {
    const nodes = await openTwoNodes(engine);
    try {
      const [one, two] = nodes.stores;
      const [e1, e2, f1] = [delivery({ leadId: 1 }), delivery({ leadId: 1 }), delivery({ leadId: 2 })];
      await one.webhooks.enqueue([e1, e2, f1], T0);
      const held = (await one.webhooks.claimNext(T0, A))!;
      expect(held.webhookId).toBe(e1.webhookId);
      expect((await two.webhooks.claimNext(T0, B))!.webhookId).toBe(f1.webhookId);
      expect(await two.webhooks.claimNext(T0, B)).toBeNull();

      await one.webhooks.attemptFailed(held.id, 'HTTP 503', T0 + 1_000);
      expect(await two.webhooks.claimNext(T0 + 999, B)).toBeNull();
      const retried = (await two.webhooks.claimNext(T0 + 1_000, B))!;
      expect(retried.webhookId).toBe(e1.webhookId);
      expect(await one.webhooks.claimNext(T0 + 1_000, A)).toBeNull();
      await two.webhooks.delivered(retried.id, T0 + 1_001);
      expect((await one.webhooks.claimNext(T0 + 1_001, A))!.webhookId).toBe(e2.webhookId);
    } finally {
      await nodes.close();
    }
  });

  it.skipIf(engine === 'sqlite memory')('lets two nodes deliver 120 events of 12 leads at once: each delivered exactly once, every lead\'s in order', async () => {
    const nodes = await openTwoNodes(engine);
    try {
      const [one, two] = nodes.stores;
      // A lead's events queued together, so the oldest due are mostly one lead's: the workers contend for its queue.
      const queued = Array.from({ length: 120 }, (_, n) => delivery({ leadId: Math.floor(n / 10), endpoint: n % 2 ? HOOK : OTHER }));
      for (const each of queued) await one.webhooks.enqueue([each], T0);
      // What the receivers saw, per lead and endpoint: a claim, then its attempt's end, one after another.
      const seen = new Map<string, string[]>();
      const log = (found: { leadId: number | null; endpoint: string; webhookId: string }, what: string) => {
        const key = `${found.leadId} ${found.endpoint}`;
        seen.set(key, [...(seen.get(key) ?? []), `${what} ${found.webhookId}`]);
      };
      const deliveredBy = new Set<string>();
      const deliverer = async (store: Store, claimant: Claimant) => {
        for (let found = await store.webhooks.claimNext(T0, claimant); found; found = await store.webhooks.claimNext(T0, claimant)) {
          log(found, 'claimed');
          await new Promise((resolve) => setTimeout(resolve, found!.id % 3));
          // Logged before it is recorded: a later event claimed before this line would be out of order.
          if (found.attempts === 0 && found.id % 5 === 0) {
            log(found, 'failed');
            await store.webhooks.attemptFailed(found.id, 'HTTP 503', T0);
          } else {
            log(found, 'delivered');
            deliveredBy.add(claimant.node.slice(0, 3));
            await store.webhooks.delivered(found.id, T0);
          }
        }
      };
      await Promise.all([1, 2, 3].flatMap((n) => [deliverer(one, { node: `one-${n}`, leaseMs: 600_000 }), deliverer(two, { node: `two-${n}`, leaseMs: 600_000 })]));

      expect(await one.webhooks.pending()).toBe(0);
      for (const [key, events] of seen) {
        const expected = queued
          .filter((each) => `${each.leadId} ${each.endpoint}` === key)
          .flatMap(({ webhookId: id }) => [...(events.includes(`failed ${id}`) ? [`claimed ${id}`, `failed ${id}`] : []), `claimed ${id}`, `delivered ${id}`]);
        expect(events).toEqual(expected);
      }
      const events = [...seen.values()].flat();
      expect(events.filter((event) => event.startsWith('delivered'))).toHaveLength(120);
      expect(events.filter((event) => event.startsWith('failed')).length).toBeGreaterThan(0);
      expect(deliveredBy).toEqual(new Set(['one', 'two']));
    } finally {
      await nodes.close();
    }
  }, 60_000);
});

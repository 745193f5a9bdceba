import { expect, it } from 'vitest';
import { describeEachEngine } from './engines.js';

const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const HOOK = 'https://crm.example/hooks';
const OTHER = 'https://chat.example/hooks';

let next = 0;
const delivery = (over: { endpoint?: string; leadId?: number | null; event?: string } = {}) => ({
  webhookId: `msg_${++next}`,
  endpoint: over.endpoint ?? HOOK,
  event: over.event ?? 'meeting.booked',
  leadId: over.leadId === undefined ? 1 : over.leadId,
  payload: `{"n":${next},"text":"Zoë \\u00e9"}`,
});

describeEachEngine('webhooks', (open) => {
  it('queues deliveries due at once, each as it was given, and counts them as pending', async () => {
    const store = await open();
    const first = delivery({ leadId: null });
    await store.webhooks.enqueue([first], T0);
    expect(await store.webhooks.pending()).toBe(1);
    expect(await store.webhooks.nextDue(T0 - 1, new Set())).toBeNull();
    const due = await store.webhooks.nextDue(T0, new Set());
    expect(due).toEqual({ id: expect.any(Number), ...first, attempts: 0, createdAt: T0, lastError: null });
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
    const taken: string[] = [];
    const inHand = new Set<number>();
    for (let found = await store.webhooks.nextDue(T0, inHand); found; found = await store.webhooks.nextDue(T0, inHand)) {
      taken.push(found.webhookId);
      inHand.add(found.id);
    }
    // A lead's events, events without a lead alike, wait for the earlier one to the same endpoint.
    expect(taken).toEqual([a1.webhookId, b1.webhookId, other.webhookId, none1.webhookId]);

    const first = (await store.webhooks.nextDue(T0, new Set()))!;
    await store.webhooks.delivered(first.id, T0 + 10);
    const after = (await store.webhooks.nextDue(T0, new Set([...inHand].filter((id) => id !== first.id))))!;
    expect(after.webhookId).toBe(a2.webhookId);
    expect(await store.webhooks.pending()).toBe(5);
  });

  it('backs a failed attempt off to its retry time, first by due time then by age, and keeps it as failed when it runs out', async () => {
    const store = await open();
    const early = delivery({ leadId: 1 });
    const later = delivery({ leadId: 2 });
    await store.webhooks.enqueue([early], T0);
    await store.webhooks.enqueue([later], T0 + 1_000);
    const first = (await store.webhooks.nextDue(T0 + 1_000, new Set()))!;
    expect(first.webhookId).toBe(early.webhookId);

    await store.webhooks.attemptFailed(first.id, 'HTTP 503', T0 + 60_000);
    expect((await store.webhooks.nextDue(T0 + 59_999, new Set()))!.webhookId).toBe(later.webhookId);
    const laterId = (await store.webhooks.nextDue(T0 + 59_999, new Set()))!.id;
    expect((await store.webhooks.nextDue(T0 + 59_999, new Set([laterId])))).toBeNull();
    const retried = (await store.webhooks.nextDue(T0 + 60_000, new Set([laterId])))!;
    expect(retried).toMatchObject({ webhookId: early.webhookId, attempts: 1, lastError: 'HTTP 503' });
    expect(await store.webhooks.failed()).toEqual([]);

    await store.webhooks.attemptFailed(retried.id, 'HTTP 410', null);
    await store.webhooks.attemptFailed(laterId, 'timeout', null);
    expect(await store.webhooks.pending()).toBe(0);
    expect(await store.webhooks.nextDue(T0 + 3_600_000, new Set())).toBeNull();
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
    for (let found = await store.webhooks.nextDue(T0, new Set()); found; found = await store.webhooks.nextDue(T0, new Set())) {
      ids.push(found.id);
      await store.webhooks.attemptFailed(found.id, 'refused', null);
    }
    expect(ids).toHaveLength(3);

    expect(await store.webhooks.retry(ids[1]!, T0 + 5_000)).toBe(1);
    expect(await store.webhooks.retry(ids[1]!, T0 + 5_000)).toBe(0);
    expect(await store.webhooks.retry(999_999, T0 + 5_000)).toBe(0);
    expect(await store.webhooks.nextDue(T0 + 4_999, new Set())).toBeNull();
    const again = (await store.webhooks.nextDue(T0 + 5_000, new Set()))!;
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
});

import { expect, it } from 'vitest';
import { INITIAL_STATE } from '../../src/core/conversation.js';
import type { OutboundKind, OutboundMail } from '../../src/store/outbox.js';
import type { Claimant } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine, openTwoNodes } from './engines.js';

const CAMPAIGN = 'demo@meet.example';
const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const A: Claimant = { node: 'node-a', leaseMs: 600_000 };
const B: Claimant = { node: 'node-b', leaseMs: 600_000 };

let queued = 0;
function mail(over: Partial<OutboundMail> = {}): OutboundMail {
  const n = ++queued;
  return {
    campaign: CAMPAIGN,
    conversationId: null,
    kind: 'reply',
    messageId: `<reply-${n}@meet.example>`,
    envelopeFrom: CAMPAIGN,
    envelopeTo: [`p${n}@prospect.example`, 'cc@prospect.example'],
    subject: `Re: Demo ${n}`,
    text: `Tuesday at 10? (${n})`,
    raw: Buffer.from(`Subject: Re: Demo ${n}\r\n\r\nTuesday at 10?\r\n\u0000\u00ff`, 'latin1'),
    ...over,
  };
}

describeEachEngine('outbox', (open, engine) => {
  it('queues a mail due at once, knows its Message-ID, and claims it as it was queued', async () => {
    const store = await open();
    const reply = mail();
    expect(await store.outbox.has(reply.messageId)).toBe(false);
    const id = await store.outbox.queue(reply, T0);
    expect(await store.outbox.has(reply.messageId)).toBe(true);
    expect(await store.outbox.claimNext(T0 - 1, A)).toBeNull();
    const claimed = await store.outbox.claimNext(T0, A);
    expect(claimed).toEqual({ id, attempts: 0, ...reply });
    expect(claimed!.raw.equals(reply.raw)).toBe(true);
    expect(await store.outbox.claimNext(T0, A)).toBeNull();
  });

  it('gives each mail to one claim at a time, oldest first, until its lease runs out', async () => {
    const store = await open();
    const ids = [await store.outbox.queue(mail(), T0), await store.outbox.queue(mail(), T0), await store.outbox.queue(mail(), T0 + 10)];
    const short = { node: 'node-a', leaseMs: 1_000 };
    expect((await store.outbox.claimNext(T0 + 10, short))!.id).toBe(ids[0]);
    expect((await store.outbox.claimNext(T0 + 10, B))!.id).toBe(ids[1]);
    expect((await store.outbox.claimNext(T0 + 10, short))!.id).toBe(ids[2]);
    expect(await store.outbox.claimNext(T0 + 1_010, B)).toBeNull();
    // Node A's sends stalled past their lease: another node takes them, oldest first.
    expect((await store.outbox.claimNext(T0 + 1_011, B))!.id).toBe(ids[0]);
    expect((await store.outbox.claimNext(T0 + 1_011, B))!.id).toBe(ids[2]);
    expect(await store.outbox.claimNext(T0 + 1_011, B)).toBeNull();
  });

  it('never claims a sent mail again', async () => {
    const store = await open();
    await store.outbox.queue(mail({ kind: 'host_brief' }), T0);
    const claimed = (await store.outbox.claimNext(T0, A))!;
    await store.outbox.markSent(claimed, T0 + 5);
    expect(await store.outbox.claimNext(T0 + 3_600_000, B)).toBeNull();
    expect(await store.outbox.has(claimed.messageId)).toBe(true);
  });

  it('backs a failed send off 30 s, 1 min, 2 min ..., releasing its claim, and gives up on the eighth', async () => {
    const store = await open();
    const id = await store.outbox.queue(mail(), T0);
    let now = T0;
    for (let attempt = 1; attempt < 8; attempt++) {
      // Nodes take turns: the next one claims the mail at its due time, within the old lease.
      const claimed = (await store.outbox.claimNext(now, attempt % 2 ? A : B))!;
      expect(claimed).toMatchObject({ id, attempts: attempt - 1 });
      expect(await store.outbox.markAttemptFailed(claimed, `421 try later (${attempt})`, now)).toBe('retry');
      const wait = 30_000 * 2 ** (attempt - 1);
      expect(await store.outbox.claimNext(now + wait - 1, attempt % 2 ? B : A)).toBeNull();
      now += wait;
    }
    const last = (await store.outbox.claimNext(now, A))!;
    expect(last.attempts).toBe(7);
    expect(await store.outbox.markAttemptFailed(last, '550 no such user', now)).toBe('failed');
    expect(await store.outbox.claimNext(now + 365 * 86_400_000, A)).toBeNull();
  });

  it('marks the lead\'s first reply when mail to the prospect is sent, and only then', async () => {
    const store = await open();
    const { lead } = await store.leads.findOrCreate({ campaign: CAMPAIGN, email: 'ann@a.example', name: null, receivedAt: T0 });
    const conversation = await store.conversations.create(
      { leadId: lead.id, campaign: CAMPAIGN, token: 'tok-ann', state: INITIAL_STATE, prospectZone: 'UTC', subject: 'Demo', language: null },
      T0,
    );
    const firstReplyMs = async () => (await store.leadList.page(ALL_LEADS, null, 10)).leads[0]!.firstReplyMs;
    const send = async (kind: OutboundKind, at: number) => {
      await store.outbox.queue(mail({ kind, conversationId: conversation.id }), at);
      await store.outbox.markSent((await store.outbox.claimNext(at, A))!, at);
    };
    await send('host_brief', T0 + 1_000);
    expect(await firstReplyMs()).toBeNull();
    await send('reply', T0 + 12_500);
    expect(await firstReplyMs()).toBe(12_500);
    await send('confirmation', T0 + 60_000);
    expect(await firstReplyMs()).toBe(12_500);
  });

  it('queues nothing from a transaction that rolls back', async () => {
    const store = await open();
    const reply = mail();
    await expect(
      store.transaction(async (tx) => {
        await tx.outbox.queue(reply, T0);
        expect(await tx.outbox.has(reply.messageId)).toBe(true);
        throw new Error('the turn failed');
      }),
    ).rejects.toThrow('the turn failed');
    expect(await store.outbox.has(reply.messageId)).toBe(false);
    expect(await store.outbox.claimNext(T0, A)).toBeNull();
  });

  it.skipIf(engine === 'sqlite memory')('lets two nodes on one database claim 100 mails at once, each exactly once', async () => {
    const nodes = await openTwoNodes(engine);
    try {
      const [one, two] = nodes.stores;
      for (let n = 0; n < 100; n++) await one.outbox.queue(mail(), T0);
      const claims = new Map<number, string>();
      const twice: number[] = [];
      const sender = async (store: Store, node: string) => {
        const claimant = { node, leaseMs: 600_000 };
        for (let next = await store.outbox.claimNext(T0, claimant); next; next = await store.outbox.claimNext(T0, claimant)) {
          if (claims.has(next.id)) twice.push(next.id);
          claims.set(next.id, node);
        }
      };
      await Promise.all([1, 2, 3].flatMap((n) => [sender(one, `one-${n}`), sender(two, `two-${n}`)]));
      expect(twice).toEqual([]);
      expect(claims.size).toBe(100);
      expect(new Set([...claims.values()].map((name) => name.slice(0, 3)))).toEqual(new Set(['one', 'two']));
    } finally {
      await nodes.close();
    }
  }, 60_000);
});

const ALL_LEADS = { campaign: CAMPAIGN, state: null, meeting: null, rep: null, since: null, until: null };

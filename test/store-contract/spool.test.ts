import { expect, it } from 'vitest';
import type { InboundEnvelope } from '../../src/mail/inbound-envelope.js';
import type { PostgresStore } from '../../src/store/postgres/store.js';
import { ClaimLost, type Claimant } from '../../src/store/spool.js';
import type { Store } from '../../src/store/store.js';
import { describeEachEngine, openTwoNodes } from './engines.js';

const CAMPAIGN = 'demo@meet.example';
const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const A: Claimant = { node: 'node-a', leaseMs: 60_000 };
const B: Claimant = { node: 'node-b', leaseMs: 60_000 };

let sent = 0;
function envelope(over: Partial<InboundEnvelope> = {}): InboundEnvelope {
  const n = ++sent;
  return {
    campaign: CAMPAIGN,
    envelopeFrom: `p${n}@prospect.example`,
    envelopeTo: [CAMPAIGN],
    remoteAddress: '192.0.2.7',
    helo: 'mx.prospect.example',
    raw: { bytes: Buffer.from(`From: p${n}@prospect.example\r\nSubject: ${n}\r\n\r\nhello ${n}\r\n`) },
    receivedAt: T0 + n,
    ...over,
  };
}

async function streamed(stream: NodeJS.ReadableStream): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return parts;
}

describeEachEngine('spool', (open, engine) => {
  it('keeps what was accepted, one row per campaign, and claims the oldest first with its envelope and bytes', async () => {
    const store = await open();
    const shared = Buffer.from('From: ann@a.example\r\n\r\nfor two campaigns\r\n');
    const first = envelope({ raw: { bytes: shared }, envelopeFrom: null, remoteAddress: null, helo: null });
    const ids = await store.spool.accept([first, { ...first, campaign: 'webinar@meet.example', envelopeTo: ['webinar@meet.example', 'x@meet.example'] }]);
    const [later] = await store.spool.acceptGrouped([envelope()]);
    expect(ids).toHaveLength(2);
    expect(ids[0]! < ids[1]! && ids[1]! < later!).toBe(true);

    const message = (await store.spool.claimNext(T0, A))!;
    expect({ ...message, raw: undefined }).toEqual({
      id: ids[0],
      campaign: CAMPAIGN,
      envelopeFrom: null,
      envelopeTo: [CAMPAIGN],
      remoteAddress: null,
      helo: null,
      receivedAt: first.receivedAt,
      attempts: 1,
      raw: undefined,
    });
    expect(message.raw.size).toBe(shared.length);
    expect((await message.raw.bytes()).equals(shared)).toBe(true);
    expect(Buffer.concat(await streamed(message.raw.stream())).equals(shared)).toBe(true);
    const second = (await store.spool.claimNext(T0, B))!;
    expect(second).toMatchObject({ id: ids[1], campaign: 'webinar@meet.example', envelopeTo: ['webinar@meet.example', 'x@meet.example'] });
    expect((await second.raw.bytes()).equals(shared)).toBe(true);
    expect((await store.spool.claimNext(T0, A))!.id).toBe(later);
    expect(await store.spool.claimNext(T0, B)).toBeNull();
  });

  it('accepts a message whose envelope carries a NUL (PostgreSQL text cannot hold one: it is dropped there)', async () => {
    const store = await open();
    const [id] = await store.spool.accept([envelope({ helo: 'mx\u0000.prospect.example', envelopeFrom: 'p\u0000@prospect.example', envelopeTo: [`${CAMPAIGN}\u0000`] })]);
    const message = (await store.spool.claimNext(T0 + 10_000, A))!;
    expect(message.id).toBe(id);
    const kept = engine === 'postgresql' ? '' : '\u0000';
    expect(message).toMatchObject({ helo: `mx${kept}.prospect.example`, envelopeFrom: `p${kept}@prospect.example`, envelopeTo: [`${CAMPAIGN}${kept}`] });
  });

  it('wakes the workers of other nodes when a message is accepted, and not for an accept that rolled back', async () => {
    const nodes = await openTwoNodes(engine);
    try {
      const [listener, worker] = nodes.stores;
      let heard = 0;
      const stop = await worker.spool.watch(() => heard++);
      await expect(listener.transaction(async () => {
        await listener.spool.accept([envelope()]);
        throw new Error('cut off');
      })).rejects.toThrow('cut off');
      await listener.spool.accept([envelope()]);
      const until = Date.now() + 3_000;
      while (engine === 'postgresql' && heard === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await stop();
      // SQLite cannot tell another process's accept: its workers poll.
      expect(heard).toBe(engine === 'postgresql' ? 1 : 0);
    } finally {
      await nodes.close();
    }
  });

  it('accepts all of the envelopes or none', async () => {
    const store = await open();
    await expect(store.spool.accept([envelope(), envelope({ campaign: null as unknown as string })])).rejects.toThrow();
    expect(await store.spool.backlog()).toEqual({ pending: 0, retrying: 0, failed: 0, oldestPendingAt: null });
    expect(await store.spool.claimNext(T0, A)).toBeNull();
  });

  it('lets another node take over a claim only once its lease ran out, and fences the old claim out', async () => {
    const store = await open();
    const [id] = await store.spool.accept([envelope()]);
    const mine = (await store.spool.claimNext(T0, { node: 'node-a', leaseMs: 1_000 }))!;
    expect(await store.spool.claimNext(T0 + 1_000, B)).toBeNull();
    expect(await store.spool.claimById(id!, T0 + 1_000, B)).toBeNull();
    const theirs = (await store.spool.claimNext(T0 + 1_001, B))!;
    expect(theirs).toMatchObject({ id, attempts: 2 });

    // What the first worker decides no longer lands, and it hears so.
    expect(await store.spool.renewLeases([id!], T0 + 1_002, A)).toEqual([id]);
    expect(await store.spool.retryLater(id!, mine.attempts, 'timeout', T0 + 5_000)).toBe(false);
    await expect(store.spool.markHandedOff(id!, mine.attempts, 'gave up', T0 + 5_000)).rejects.toBeInstanceOf(ClaimLost);
    expect(await store.spool.listFailed()).toEqual([]);
    expect(await store.spool.retryLater(id!, theirs.attempts, 'calendar down', T0 + 5_000)).toBe(true);
    expect(await store.spool.listFailed()).toMatchObject([{ id, status: 'retrying', error: 'calendar down' }]);
  });

  it('renews the leases this node still holds and names the ones it lost', async () => {
    const store = await open();
    const ids = await store.spool.accept([envelope(), envelope(), envelope()]);
    const short = { node: 'node-a', leaseMs: 1_000 };
    await store.spool.claimNext(T0, short);
    await store.spool.claimNext(T0, short);
    await store.spool.claimNext(T0, B);
    expect(await store.spool.renewLeases([], T0, short)).toEqual([]);
    // The third is node B's: node A never held it.
    expect(await store.spool.renewLeases(ids, T0 + 900, short)).toEqual([ids[2]]);
    // Renewed at T0 + 900 for a second: not free at T0 + 1_500, free after T0 + 1_900.
    expect(await store.spool.claimNext(T0 + 1_900, B)).toBeNull();
    expect((await store.spool.claimNext(T0 + 1_901, B))!.id).toBe(ids[0]);
    expect(await store.spool.renewLeases([ids[0]!, ids[1]!], T0 + 1_950, short)).toEqual([ids[0]]);
  });

  it('gives a restarted node its own claims back at once, and leaves other nodes\' claims to their leases', async () => {
    const store = await open();
    const ids = await store.spool.accept([envelope(), envelope(), envelope()]);
    await store.spool.claimNext(T0, A);
    await store.spool.claimNext(T0, B);
    await store.spool.claimNext(T0, A);
    expect(await store.spool.releaseClaims('node-a')).toBe(2);
    expect(await store.spool.releaseClaims('node-a')).toBe(0);
    expect(await store.spool.releaseClaims('node-c')).toBe(0);
    expect((await store.spool.claimNext(T0 + 1, A))!).toMatchObject({ id: ids[0], attempts: 2 });
    expect((await store.spool.claimNext(T0 + 1, A))!).toMatchObject({ id: ids[2], attempts: 2 });
    expect(await store.spool.claimNext(T0 + 1, A)).toBeNull();
    expect(await store.spool.renewLeases(ids, T0 + 2, B)).toEqual([ids[0], ids[2]]);
  });

  it('claims one given message when it waits or its lease ran out, and no other', async () => {
    const store = await open();
    const [first, second] = await store.spool.accept([envelope(), envelope()]);
    expect(await store.spool.claimById(999_999, T0, A)).toBeNull();
    expect((await store.spool.claimById(second!, T0, A))!).toMatchObject({ id: second, attempts: 1 });
    expect(await store.spool.claimById(second!, T0 + 60_000, B)).toBeNull();
    expect((await store.spool.claimById(second!, T0 + 60_001, B))!).toMatchObject({ id: second, attempts: 2 });
    // A message waiting for its retry can still be taken by hand (replay).
    await store.spool.claimById(first!, T0, A);
    await store.spool.retryLater(first!, 1, 'LLM timeout', T0 + 3_600_000);
    expect(await store.spool.claimNext(T0 + 1, A)).toBeNull();
    expect((await store.spool.claimById(first!, T0 + 1, A))!).toMatchObject({ id: first, attempts: 2 });
  });

  it('retries a failed attempt at its time, hands off the last one, and queues a handed-off message again on request', async () => {
    const store = await open();
    const ids = await store.spool.accept([envelope(), envelope()]);
    const message = (await store.spool.claimNext(T0, A))!;
    expect(await store.spool.retryLater(message.id, message.attempts, 'LLM timeout', T0 + 30_000)).toBe(true);
    expect(await store.spool.retryLater(message.id, message.attempts, 'again', T0 + 30_000)).toBe(false);
    expect((await store.spool.claimNext(T0 + 29_999, A))!.id).toBe(ids[1]);
    expect(await store.spool.claimNext(T0 + 29_999, A)).toBeNull();
    const retried = (await store.spool.claimNext(T0 + 30_000, A))!;
    expect(retried).toMatchObject({ id: message.id, attempts: 2 });

    await store.spool.markHandedOff(retried.id, retried.attempts, 'calendar refused', T0 + 40_000);
    await expect(store.spool.markHandedOff(retried.id, retried.attempts, 'twice', T0 + 40_000)).rejects.toBeInstanceOf(ClaimLost);
    // The other message is still in hand (until T0 + 89_999): nothing is left to claim.
    expect(await store.spool.claimNext(T0 + 50_000, A)).toBeNull();
    expect(await store.spool.listFailed()).toEqual([
      {
        id: message.id,
        campaign: CAMPAIGN,
        receivedAt: new Date(message.receivedAt).toISOString(),
        from: message.envelopeFrom,
        attempts: 2,
        status: 'handed_off',
        nextAttemptAt: null,
        error: 'calendar refused',
      },
    ]);
    expect(await store.spool.requeueFailed(ids[1]!)).toBe(false);
    expect(await store.spool.requeueFailed(999_999)).toBe(false);
    expect(await store.spool.requeueFailed(message.id)).toBe(true);
    expect(await store.spool.requeueFailed(message.id)).toBe(false);
    // Its failure is kept until it is processed; it is no longer listed as failed.
    expect(await store.spool.listFailed()).toEqual([]);
    expect((await store.spool.claimNext(T0 + 50_000, B))!).toMatchObject({ id: message.id, attempts: 3 });
  });

  it('lists failed messages newest first, up to the limit, with when the retrying ones are due', async () => {
    const store = await open();
    const ids = await store.spool.accept([envelope(), envelope(), envelope()]);
    for (const id of ids) {
      const claimed = (await store.spool.claimById(id, T0, A))!;
      await store.spool.retryLater(id, claimed.attempts, `failure ${id}`, T0 + id * 1_000);
    }
    const failed = await store.spool.listFailed(2);
    expect(failed.map((entry) => entry.id)).toEqual([ids[2], ids[1]]);
    expect(failed[0]).toMatchObject({ status: 'retrying', nextAttemptAt: new Date(T0 + ids[2]! * 1_000).toISOString(), error: `failure ${ids[2]}` });
    expect(await store.spool.listFailed()).toHaveLength(3);
  });

  it('reports the backlog: pending (retrying and in hand included), retrying, and the oldest pending', async () => {
    const store = await open();
    expect(await store.spool.backlog()).toEqual({ pending: 0, retrying: 0, failed: 0, oldestPendingAt: null });
    const first = envelope();
    const ids = await store.spool.accept([first, envelope(), envelope()]);
    const claimed = (await store.spool.claimNext(T0, A))!;
    await store.spool.retryLater(claimed.id, claimed.attempts, 'later', T0 + 60_000);
    await store.spool.claimNext(T0, A);
    expect(await store.spool.backlog()).toEqual({ pending: 3, retrying: 1, failed: 0, oldestPendingAt: first.receivedAt });
    const handed = (await store.spool.claimNext(T0, A))!;
    await store.spool.markHandedOff(handed.id, handed.attempts, 'gave up', T0);
    expect(await store.spool.backlog()).toEqual({ pending: 2, retrying: 1, failed: 0, oldestPendingAt: first.receivedAt });
    expect(ids).toHaveLength(3);
  });

  it('accepts nothing inside a transaction that rolls back', async () => {
    const store = await open();
    await expect(
      store.transaction(async (tx) => {
        await tx.spool.accept([envelope()]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.spool.claimNext(T0, A)).toBeNull();
  });

  it('says which message lost its bytes instead of reading an empty message', async () => {
    const store = await open();
    const [id] = await store.spool.accept([envelope({ raw: { file: 'gone.eml', size: 10 } })]);
    const message = (await store.spool.claimNext(T0, A))!;
    expect(message.raw.size).toBe(10);
    // SQLite's body folder answers ENOENT for a file that is gone; the others name the message.
    await expect(message.raw.bytes()).rejects.toThrow(engine === 'sqlite file' ? /ENOENT/ : new RegExp(`message ${id}: its bytes are missing`));
  });

  it.skipIf(engine === 'sqlite memory')('streams a large body in as it arrives and back out in order, any size', async () => {
    const store = await open();
    const writer = (await store.spool.createBodyFile())!;
    const whole = Buffer.alloc(5 * 1024 * 1024 + 123);
    for (let i = 0; i < whole.length; i++) whole[i] = (i * 7 + (i >> 12)) & 0xff;
    const piece = 64 * 1024;
    for (let at = 0; at < whole.length; at += piece) {
      await writer.write(whole.subarray(at, at + piece));
      // Written as it comes: never more than a chunk waits in memory for the rest.
      if (engine === 'postgresql' && at === 2 * 1024 * 1024) expect((await chunked(store)).bytes).toBeGreaterThanOrEqual(at + piece - 256 * 1024);
    }
    const { file, size } = await writer.finish();
    expect(size).toBe(whole.length);
    if (engine === 'postgresql') expect(await chunked(store)).toEqual({ bytes: whole.length, rows: 21, largest: 256 * 1024 });
    await store.spool.accept([envelope({ raw: { file, size } })]);
    const message = (await store.spool.claimNext(T0, A))!;
    expect(message.raw.size).toBe(whole.length);
    const parts = await streamed(message.raw.stream());
    expect(parts.length).toBeGreaterThan(1);
    expect(Math.max(...parts.map((part) => part.length))).toBeLessThanOrEqual(256 * 1024);
    expect(Buffer.concat(parts).equals(whole)).toBe(true);
    expect((await message.raw.bytes()).equals(whole)).toBe(true);
  });

  it.skipIf(engine === 'sqlite memory')('sweeps bodies no message names an hour after they were written, and keeps the rest', async () => {
    const store = await open();
    const kept = (await store.spool.createBodyFile())!;
    await kept.write(Buffer.from('Subject: accepted\r\n\r\nkept\r\n'));
    const { file, size } = await kept.finish();
    await store.spool.accept([envelope({ raw: { file, size } })]);
    const orphan = (await store.spool.createBodyFile())!;
    await orphan.write(Buffer.from('Subject: never got its 250\r\n\r\n'));
    await orphan.finish();
    const discarded = (await store.spool.createBodyFile())!;
    await discarded.write(Buffer.alloc(300 * 1024, 1));
    await discarded.discard();

    expect(await store.spool.sweepBodyFiles(Date.now())).toBe(0);
    expect(await store.spool.sweepBodyFiles(Date.now() + 61 * 60_000)).toBe(1);
    expect(await store.spool.sweepBodyFiles(Date.now() + 61 * 60_000)).toBe(0);
    const message = (await store.spool.claimNext(T0, A))!;
    expect((await message.raw.bytes()).toString()).toBe('Subject: accepted\r\n\r\nkept\r\n');
  });

  it.skipIf(engine !== 'sqlite memory')('keeps every message in its row when the store has no place for body files', async () => {
    const store = await open();
    expect(store.spool.createBodyFile()).toBeNull();
    expect(await store.spool.sweepBodyFiles(Date.now() + 61 * 60_000)).toBe(0);
  });

  it.skipIf(engine === 'sqlite memory')('lets two nodes on one database claim 200 messages at once, each exactly once', async () => {
    const nodes = await openTwoNodes(engine);
    try {
      const [one, two] = nodes.stores;
      for (let batch = 0; batch < 10; batch++) await one.spool.accept(Array.from({ length: 20 }, () => envelope()));
      const claims = new Map<number, string>();
      const twice: number[] = [];
      const worker = async (store: Store, node: string) => {
        for (let message = await store.spool.claimNext(T0, { node, leaseMs: 60_000 }); message; message = await store.spool.claimNext(T0, { node, leaseMs: 60_000 })) {
          if (claims.has(message.id)) twice.push(message.id);
          claims.set(message.id, node);
        }
      };
      await Promise.all([1, 2, 3, 4].flatMap((n) => [worker(one, `one-${n}`), worker(two, `two-${n}`)]));
      expect(twice).toEqual([]);
      expect(claims.size).toBe(200);
      const byNode = new Set([...claims.values()].map((name) => name.slice(0, 3)));
      expect(byNode).toEqual(new Set(['one', 'two']));
    } finally {
      await nodes.close();
    }
  }, 60_000);
});

/** What of the bodies being written is in body_chunks already. */
async function chunked(store: Store): Promise<{ bytes: number; rows: number; largest: number | null }> {
  const { rows } = await (store as PostgresStore).pool.query<{ bytes: number; rows: number; largest: number | null }>(
    `SELECT coalesce(sum(length(bytes)), 0) AS bytes, count(*) AS rows, max(length(bytes)) AS largest FROM body_chunks`,
  );
  return rows[0]!;
}

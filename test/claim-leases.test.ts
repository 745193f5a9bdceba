import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/store.js';
import { ClaimLost, type Claimant } from '../src/store/spool.js';

const NOW = Date.parse('2026-12-08T09:00:00Z');
const LEASE = 60_000;
const A: Claimant = { node: 'mx1:25', leaseMs: LEASE };
const B: Claimant = { node: 'mx2:25', leaseMs: LEASE };
const raw = readFileSync('fixtures/mail/first-contact.eml');

/** Two nodes on one database file: each its own connection, as two processes have. */
function twoNodes(): [SqliteStore, SqliteStore] {
  const file = join(mkdtempSync(join(tmpdir(), 'leases-')), 'agent.db');
  const a = openSqliteStore(file);
  opened.push(a);
  const b = openSqliteStore(file);
  opened.push(b);
  return [a, b];
}
const opened: SqliteStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

const spoolOne = async (store: SqliteStore) =>
  (await store.spool.accept([{ campaign: 'webinar-q3@meet.acme.com', envelopeFrom: null, envelopeTo: ['webinar-q3@meet.acme.com'], remoteAddress: null, helo: null, raw: { bytes: raw }, receivedAt: NOW }]))[0]!;

const outcome = (messageId: number, attempt: number) => ({
  messageId, attempt, conversationId: null, headerMessageId: null, kind: 'auto_reply', fromAddress: null, subject: null, visibleText: null, understanding: null, authentication: null,
});

describe('claims with leases on the inbound spool', () => {
  it('a node that starts leaves another node\'s live claims alone, and takes a dead node\'s after the lease', async () => {
    const [a, b] = twoNodes();
    const id = await spoolOne(a);
    const taken = (await a.spool.claimNext(NOW, A))!;
    expect(taken).toMatchObject({ id, attempts: 1 });

    expect(await b.spool.releaseClaims(B.node)).toBe(0);
    expect(await b.spool.claimNext(NOW + LEASE - 1, B)).toBeNull();
    // A stalled past its lease: B takes the message over, as a new claim.
    const takenOver = (await b.spool.claimNext(NOW + LEASE + 1, B))!;
    expect(takenOver).toMatchObject({ id, attempts: 2 });

    // What A decided no longer lands, and its failure changes nothing either.
    await expect(a.journal.markProcessed(outcome(id, taken.attempts), NOW + LEASE + 2)).rejects.toBeInstanceOf(ClaimLost);
    expect(await a.spool.retryLater(id, taken.attempts, 'late', NOW + 120_000)).toBe(false);
    await expect(a.spool.markHandedOff(id, taken.attempts, 'late', NOW)).rejects.toBeInstanceOf(ClaimLost);
    await b.journal.markProcessed(outcome(id, takenOver.attempts), NOW + LEASE + 3);
    expect(b.db.prepare(`SELECT status, claimed_by FROM messages WHERE id = ?`).get(id)).toEqual({ status: 'processed', claimed_by: null });
  });

  it('the heartbeat keeps a slow turn\'s claim, and says which claims were lost', async () => {
    const [a, b] = twoNodes();
    const first = await spoolOne(a);
    const second = await spoolOne(a);
    await a.spool.claimNext(NOW, A);
    await a.spool.claimNext(NOW, A);
    expect(await a.spool.renewLeases([first], NOW + LEASE / 2, A)).toEqual([]);
    // Only the second one's lease ran out: B takes it, and A learns it at its next beat.
    expect(await b.spool.claimNext(NOW + LEASE + 1, B)).toMatchObject({ id: second });
    expect(await b.spool.claimNext(NOW + LEASE + 1, B)).toBeNull();
    expect(await a.spool.renewLeases([first, second], NOW + LEASE + 2, A)).toEqual([second]);
    // One A finished between its last look and the beat is not reported as taken.
    await a.journal.markProcessed(outcome(first, 1), NOW + LEASE + 3);
    expect(await a.spool.renewLeases([first], NOW + LEASE + 4, A)).toEqual([]);
  });

  it('a restarted node takes back its own claims at once; claims from before leases are free', async () => {
    const [a, b] = twoNodes();
    const mine = await spoolOne(a);
    const theirs = await spoolOne(a);
    const legacy = await spoolOne(a);
    await a.spool.claimById(mine, NOW, A);
    await b.spool.claimById(theirs, NOW, B);
    a.db.prepare(`UPDATE messages SET status = 'processing' WHERE id = ?`).run(legacy);

    expect(await a.spool.releaseClaims(A.node)).toBe(1);
    const claimed = [await a.spool.claimNext(NOW + 1, A), await a.spool.claimNext(NOW + 1, A), await a.spool.claimNext(NOW + 1, A)];
    expect(claimed.map((message) => message?.id ?? null).sort()).toEqual([legacy, mine, null].sort());
  });
});

describe('claims with leases on the outbox', () => {
  it('one node sends a mail at a time; a mail whose sender died is sent after the lease', async () => {
    const [a, b] = twoNodes();
    const id = await a.outbox.queue({ campaign: 'c', conversationId: null, kind: 'handoff', messageId: '<m1@x>', envelopeFrom: 'a@x', envelopeTo: ['b@x'], subject: 's', text: 't', raw: Buffer.from('x') }, NOW);
    expect(await a.outbox.claimNext(NOW, A)).toMatchObject({ id });
    expect(await b.outbox.claimNext(NOW + 1, B)).toBeNull();
    const retaken = (await b.outbox.claimNext(NOW + LEASE + 1, B))!;
    expect(retaken.id).toBe(id);
    await b.outbox.markSent(retaken, NOW + LEASE + 2);
    expect(await a.outbox.claimNext(NOW + 10 * LEASE, A)).toBeNull();
  });
});

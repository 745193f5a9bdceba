import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { demoConfig } from './support/service.js';
import { walCommits } from './support/wal-commits.js';
import { openSqliteStore } from '../src/store/sqlite/store.js';
import { buildPipeline } from '../src/service/assembly.js';
import { BY_HAND } from '../src/store/spool.js';

const NOW = Date.parse('2026-11-20T14:14:05Z');
const CAMPAIGN = 'webinar-q3@meet.acme.com';

describe('the pipeline’s commits', () => {
  // Every commit is an fsync the pipeline thread waits out, with every message in it.
  it('answers a new prospect in three commits after the claim, two of them durable: the thread claimed, the offer\'s times reserved (no sync), then the turn', async () => {
    const config = demoConfig();
    const store = openSqliteStore(config.service.databasePath);
    const pipeline = buildPipeline(config, store, pino({ level: 'silent' }), () => NOW);
    const [id] = await store.spool.accept([
      {
        campaign: CAMPAIGN,
        envelopeFrom: 'jane.doe@example.com',
        envelopeTo: [CAMPAIGN],
        remoteAddress: '127.0.0.1',
        helo: 'test',
        raw: { bytes: readFileSync('fixtures/mail/first-contact.eml') },
        receivedAt: NOW,
      },
    ]);
    const message = (await store.spool.claimById(id!, Date.now(), BY_HAND))!;
    store.db.pragma('wal_checkpoint(TRUNCATE)');

    expect(await pipeline.process(message)).toMatchObject({ status: 'processed', kind: 'human', queued: 1 });
    // The reservation (pipeline/availability.ts) is the price of offers that never collide; it
    // commits without a sync (store.transaction durable: false), so only two commits wait for the disk.
    expect(walCommits(config.service.databasePath)).toBe(3);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    const row = store.db.prepare(`SELECT status, authentication FROM messages WHERE id = ?`).get(id) as { status: string; authentication: string };
    expect(row.status).toBe('processed');
    expect(JSON.parse(row.authentication)).toHaveProperty('verdict');
    await store.close();
  });
});

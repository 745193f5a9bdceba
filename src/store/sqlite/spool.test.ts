import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, type Db } from './database.js';
import { createSpool } from './spool.js';
import { BY_HAND } from '../spool.js';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** The migrations up to and including `version`, in a folder of their own. */
function migrationsUpTo(version: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-migrations-'));
  dirs.push(dir);
  for (const file of readdirSync(MIGRATIONS)) if (Number(file.slice(0, 3)) <= version) copyFileSync(join(MIGRATIONS, file), join(dir, file));
  return dir;
}

describe('the spool across the message_bodies migration', () => {
  it('moves the bytes of messages stored before it, so they are still processed byte for byte', async () => {
    const db = new Database(':memory:');
    dbs.push(db);
    migrate(db, migrationsUpTo(3));
    const raw = Buffer.from('From: jane@example.com\r\nSubject: before the upgrade\r\n\r\nhello\r\n');
    db.prepare(`INSERT INTO messages (direction, campaign, envelope_to, raw, size, created_at, status)
      VALUES ('in', 'webinar-q3@meet.acme.com', '["webinar-q3@meet.acme.com"]', ?, ?, '2026-11-20T10:00:00.000Z', 'received')`).run(raw, raw.length);

    expect(migrate(db).map((migration) => migration.version)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const message = createSpool(db, null).claimNext(Date.now(), BY_HAND)!;
    expect(message.raw.size).toBe(raw.length);
    expect((await message.raw.bytes()).equals(raw)).toBe(true);
    expect(db.prepare(`SELECT length(raw) FROM messages`).pluck().get()).toBe(0);
  });

  it('says which message lost its bytes when its body file is gone, instead of reading an empty message', async () => {
    const db = new Database(':memory:');
    dbs.push(db);
    migrate(db);
    const spool = createSpool(db, null);
    spool.accept([
      { campaign: 'c@meet.acme.com', envelopeFrom: null, envelopeTo: ['c@meet.acme.com'], remoteAddress: null, helo: null, raw: { file: 'gone.eml', size: 10 }, receivedAt: 0 },
    ]);
    const message = spool.claimNext(Date.now(), BY_HAND)!;
    await expect(message.raw.bytes()).rejects.toThrow(/message 1: its bytes are missing/);
  });
});

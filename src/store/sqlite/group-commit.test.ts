import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walCommits } from '../../../test/support/wal-commits.js';
import type { Db } from './database.js';
import { createGroupCommit } from './group-commit.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'campaign-agent-group-commit-'));
  db = new Database(join(dir, 'test.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE seen (name TEXT NOT NULL)`);
  db.pragma('wal_checkpoint(TRUNCATE)');
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Like the spool's accept: a transaction of its own (a savepoint inside the batch) that writes twice. */
function storeItem(): (name: string) => number {
  const seen = db.prepare('INSERT INTO seen (name) VALUES (?)');
  const item = db.prepare('INSERT INTO items (name) VALUES (?)');
  return db.transaction((name: string) => {
    seen.run(name);
    return Number(item.run(name).lastInsertRowid);
  });
}

const names = (table: 'items' | 'seen') => db.prepare(`SELECT name FROM ${table} ORDER BY rowid`).pluck().all();

describe('group commit', () => {
  it('commits the first write of a turn at once, without waiting for the check phase', async () => {
    const write = createGroupCommit(db, storeItem());
    let checkPhase = false;
    setImmediate(() => {
      checkPhase = true;
    });
    expect(await write('a')).toBe(1);
    expect(checkPhase).toBe(false);
    expect(walCommits(db.name)).toBe(1);
  });

  it('commits writes asked for together in one commit, and later ones of the same turn together in a second', async () => {
    const write = createGroupCommit(db, storeItem());
    const first = Promise.all([write('a'), write('b')]);
    // As other sessions' data handled after the first commit, in the same poll phase.
    await Promise.resolve();
    const later = Promise.all([write('c'), write('d'), write('e')]);
    expect(await first).toEqual([1, 2]);
    expect(await later).toEqual([3, 4, 5]);
    expect(walCommits(db.name)).toBe(2);
    // The next turn commits at once again.
    expect(await write('f')).toBe(6);
    expect(walCommits(db.name)).toBe(3);
  });

  it('fails a write alone, rolled back to its savepoint, and commits the rest of its batch', async () => {
    const write = createGroupCommit(db, storeItem());
    const results = await Promise.allSettled([write('a'), write('a'), write('b')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(names('items')).toEqual(['a', 'b']);
    expect(names('seen')).toEqual(['a', 'b']);
  });

  it('rejects every write of a batch whose COMMIT fails, and keeps none of them', async () => {
    // A deferred foreign key is checked at COMMIT only: every write succeeds, the commit fails.
    db.exec(`CREATE TABLE doomed (item TEXT REFERENCES items (name) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER doom AFTER INSERT ON items WHEN NEW.name = 'b' BEGIN INSERT INTO doomed VALUES ('nowhere'); END`);
    const write = createGroupCommit(db, storeItem());
    const results = await Promise.allSettled([write('a'), write('b'), write('c')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(names('items')).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('fails the whole batch when a write error ended the transaction, and commits nothing of it on its own', async () => {
    // What SQLITE_FULL or SQLITE_IOERR may do: roll back the whole transaction, not the statement.
    const store = storeItem();
    const write = createGroupCommit(db, (name: string) => {
      if (name !== 'b') return store(name);
      db.exec('ROLLBACK');
      throw new Error('SQLITE_IOERR: disk I/O error');
    });
    const results = await Promise.allSettled([write('a'), write('b'), write('c')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(names('items')).toEqual([]);
    expect(walCommits(db.name)).toBe(0);
  });
});

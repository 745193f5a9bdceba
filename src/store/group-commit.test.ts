import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walCommits } from '../../test/support/wal-commits.js';
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
  it('commits the writes of one event-loop turn together, and later writes in a commit of their own', async () => {
    const write = createGroupCommit(db, storeItem());
    expect(await Promise.all([write('a'), write('b'), write('c')])).toEqual([1, 2, 3]);
    expect(walCommits(db.name)).toBe(1);
    expect(await write('d')).toBe(4);
    expect(walCommits(db.name)).toBe(2);
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

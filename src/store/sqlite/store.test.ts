import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from './store.js';

const FULL = 2;
const OFF = 0;

describe('SQLite store transactions', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-'));
    store = openSqliteStore(join(dir, 'test.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const synchronous = () => store.db.pragma('synchronous', { simple: true });

  it('a non-durable transaction commits without a sync, and every other write waits for the disk again', () => {
    store.db.exec('CREATE TABLE t (v INTEGER)');
    const seen = store.transaction(() => {
      store.db.prepare('INSERT INTO t VALUES (1)').run();
      return synchronous();
    }, { durable: false });
    expect(seen).toBe(OFF);
    expect(synchronous()).toBe(FULL);
    expect(store.transaction(() => synchronous())).toBe(FULL);
    expect(store.db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
  });

  it('a failing non-durable transaction lands nothing and leaves the connection durable', () => {
    store.db.exec('CREATE TABLE t (v INTEGER)');
    expect(() =>
      store.transaction(() => {
        store.db.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('turn died');
      }, { durable: false }),
    ).toThrow('turn died');
    expect(synchronous()).toBe(FULL);
    expect(store.db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
  });

  it('inside a durable transaction, a non-durable one is part of it and commits with it', () => {
    store.db.exec('CREATE TABLE t (v INTEGER)');
    const seen = store.transaction(() => store.transaction(() => synchronous(), { durable: false }));
    expect(seen).toBe(FULL);
  });
});

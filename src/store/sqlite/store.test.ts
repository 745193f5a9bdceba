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
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const synchronous = () => store.db.pragma('synchronous', { simple: true });

  it('a non-durable transaction commits without a sync, and every other write waits for the disk again', async () => {
    store.db.exec('CREATE TABLE t (v INTEGER)');
    const seen = await store.transaction(() => {
      store.db.prepare('INSERT INTO t VALUES (1)').run();
      return synchronous();
    }, { durable: false });
    expect(seen).toBe(OFF);
    expect(synchronous()).toBe(FULL);
    expect(await store.transaction(() => synchronous())).toBe(FULL);
    expect(store.db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
  });

  it('a failing non-durable transaction lands nothing and leaves the connection durable', async () => {
    store.db.exec('CREATE TABLE t (v INTEGER)');
    await expect(
      store.transaction(() => {
        store.db.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('turn died');
      }, { durable: false }),
    ).rejects.toThrow('turn died');
    expect(synchronous()).toBe(FULL);
    expect(store.db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
  });

  it('inside a durable transaction, a non-durable one is part of it and commits with it', async () => {
    store.db.exec('CREATE TABLE t (v INTEGER)');
    const seen = await store.transaction(() => store.transaction(() => synchronous(), { durable: false }));
    expect(seen).toBe(FULL);
  });

  it('a call from outside an open transaction waits for its commit, and neither joins it nor reads what it has not committed', async () => {
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    const turn = store.transaction(async () => {
      await store.suppressions.add('c@x.example', 'ann@a.example', 'unsubscribed', 0);
      await paused;
      throw new Error('turn died');
    });
    let outsideSaw: boolean | null = null;
    const outside = store.suppressions.has('c@x.example', 'ann@a.example').then((seen) => (outsideSaw = seen));
    const write = store.suppressions.add('c@x.example', 'ben@b.example', 'unsubscribed', 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outsideSaw).toBeNull();
    release();
    await expect(turn).rejects.toThrow('turn died');
    await Promise.all([outside, write]);
    expect(outsideSaw).toBe(false);
    // The write made meanwhile was not rolled back with the turn.
    expect(await store.suppressions.has('c@x.example', 'ben@b.example')).toBe(true);
  });

  it('a failing transaction inside another rolls back to its savepoint alone', async () => {
    await store.transaction(async () => {
      await store.suppressions.add('c@x.example', 'ann@a.example', 'unsubscribed', 0);
      await expect(
        store.transaction(async (tx) => {
          await tx.suppressions.add('c@x.example', 'ben@b.example', 'unsubscribed', 0);
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    expect(await store.suppressions.has('c@x.example', 'ann@a.example')).toBe(true);
    expect(await store.suppressions.has('c@x.example', 'ben@b.example')).toBe(false);
  });

  it('a promise that outlives its transaction runs as a call of its own, after the commit', async () => {
    let late: Promise<void> | null = null;
    await store.transaction(() => {
      late = new Promise<void>((resolve) => setTimeout(resolve, 10)).then(() =>
        store.suppressions.add('c@x.example', 'ann@a.example', 'unsubscribed', 0),
      );
    });
    await late;
    expect(store.db.inTransaction).toBe(false);
    expect(await store.suppressions.has('c@x.example', 'ann@a.example')).toBe(true);
  });
});

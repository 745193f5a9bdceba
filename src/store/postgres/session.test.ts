import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from '../../../test/support/postgres.js';
import { openPostgres } from './database.js';
import { createSession, type Session } from './session.js';

describeWithPostgres('PostgreSQL session', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let session: Session;
  beforeAll(async () => {
    database = await postgresDatabase();
    pool = await openPostgres(database.url);
    session = createSession(pool);
    await session.query('CREATE TABLE t (v integer PRIMARY KEY)');
  });
  afterAll(async () => {
    await session?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await session.query('TRUNCATE t');
  });

  const values = async () => (await pool.query<{ v: number }>('SELECT v FROM t ORDER BY v')).rows.map((row) => row.v);
  const backend = async () => (await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const insert = (v: number) => session.query('INSERT INTO t VALUES ($1)', [v]);

  it('commits what fn wrote and returns what fn returned', async () => {
    const result = await session.transaction(async () => {
      await insert(1);
      await insert(2);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await values()).toEqual([1, 2]);
  });

  it('rolls everything back when fn throws, and the error goes on', async () => {
    const failure = new Error('turn failed');
    await expect(
      session.transaction(async () => {
        await insert(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await values()).toEqual([]);
  });

  it('a transaction inside another is a savepoint: its failure is undone alone, even a failed statement', async () => {
    await session.transaction(async () => {
      await insert(1);
      await session.transaction(async () => {
        await insert(2);
        await session.transaction(() => insert(3));
      });
      // The duplicate key aborts only the savepoint, so the outer transaction goes on (the way
      // an adapter turns 23P01 into "slot taken").
      const duplicate = await session
        .transaction(async () => {
          await insert(4);
          await insert(1);
        })
        .catch((error: { code?: string }) => error.code);
      expect(duplicate).toBe('23505');
      await insert(5);
    });
    expect(await values()).toEqual([1, 2, 3, 5]);

    await expect(
      session.transaction(async () => {
        await insert(6);
        await session.transaction(() => insert(7));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await values()).toEqual([1, 2, 3, 5]);
  });

  it('routes every call by its async context: two transactions at once, each on its own connection, see only themselves', async () => {
    const written = barrier(2);
    const read = barrier(2);
    const run = (v: number) =>
      session.transaction(async () => {
        await insert(v);
        await written();
        const seen = (await session.query<{ v: number }>('SELECT v FROM t ORDER BY v')).rows.map((row) => row.v);
        const outside = await values(); // on the pool, as any call from outside a transaction
        const pid = await backend();
        await read(); // neither commits before both have read
        return { pid, seen, outside };
      });
    const [first, second] = await Promise.all([run(1), run(2)]);
    expect(first!.pid).not.toBe(second!.pid);
    expect(first!.seen).toEqual([1]);
    expect(second!.seen).toEqual([2]);
    expect(first!.outside).toEqual([]);
    expect(second!.outside).toEqual([]);
    expect(await values()).toEqual([1, 2]);
  });

  it('a call leaked past the end of its transaction does not run on the connection it had', async () => {
    let letGo!: () => void;
    const later = new Promise<void>((resolve) => (letGo = resolve));
    let leaked!: Promise<number[]>;
    const firstPid = await session.transaction(async () => {
      leaked = later.then(async () => (await session.query<{ v: number }>('SELECT v FROM t')).rows.map((row) => row.v));
      return backend();
    });
    await session.transaction(async () => {
      // The pool hands the same connection to the next transaction.
      expect(await backend()).toBe(firstPid);
      await insert(1);
      letGo();
      // On that connection the leaked read would see this uncommitted row.
      expect(await leaked).toEqual([]);
    });
  });

  it('durable: false turns synchronous_commit off for that transaction only', async () => {
    const setting = async () => (await session.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit;
    const fast = await session.transaction(async () => ({ pid: await backend(), setting: await setting() }), { durable: false });
    expect(fast.setting).toBe('off');
    const durable = await session.transaction(async () => ({ pid: await backend(), setting: await setting() }));
    expect(durable).toEqual({ pid: fast.pid, setting: 'on' });
  });
});

/** Resolves for everyone once `count` callers are waiting. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

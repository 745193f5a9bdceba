import pg from 'pg';
import { afterEach, expect, it, vi } from 'vitest';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from './support/postgres.js';

async function query<R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describeWithPostgres('test/support/postgres', () => {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((database) => database.drop()));
  });

  it('gives each call an empty database of its own, and drop removes it', async () => {
    const [first, second] = await Promise.all([postgresDatabase(), postgresDatabase()]);
    made.push(first!, second!);
    expect(first!.url).not.toBe(second!.url);
    await query(first!.url, 'CREATE TABLE only_here (id integer)');
    expect(await query(first!.url, `SELECT to_regclass('only_here') AS t`)).toEqual([{ t: 'only_here' }]);
    expect(await query(second!.url, `SELECT to_regclass('only_here') AS t`)).toEqual([{ t: null }]);

    const name = new URL(first!.url).pathname.slice(1);
    const holder = new pg.Client({ connectionString: first!.url });
    await holder.connect();
    holder.on('error', () => {}); // the drop ends this session
    await first!.drop();
    expect(await query(second!.url, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).toEqual([]);
  });
});

it('in CI, no PG_URL is a failure that says what is missing, not a skip', async () => {
  const saved = { PG_URL: process.env.PG_URL, CI: process.env.CI };
  delete process.env.PG_URL;
  process.env.CI = 'true';
  vi.resetModules();
  try {
    const fresh = await import('./support/postgres.js');
    expect(fresh.postgresAvailable).toBe(true);
    await expect(fresh.postgresDatabase()).rejects.toThrow(/PG_URL is not set: in CI/);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWithPostgres, postgresDatabase, type TestDatabase } from '../../../test/support/postgres.js';
import { DatabaseUnreachable, migratePostgres, openPostgres } from './database.js';

describe('openPostgres', () => {
  it('says which server it cannot reach, and why, without the password', async () => {
    const port = await closedPort();
    const failure = await openPostgres(`postgres://agent:s3cret@127.0.0.1:${port}/agent`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseUnreachable);
    expect((failure as Error).message).toBe(`cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain('s3cret');
  });
});

describeWithPostgres('PostgreSQL database', () => {
  const opened: pg.Pool[] = [];
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((pool) => pool.end()));
    await Promise.all(made.splice(0).map((database) => database.drop()));
  });
  async function fresh(): Promise<string> {
    const database = await postgresDatabase();
    made.push(database);
    return database.url;
  }
  async function open(url: string): Promise<pg.Pool> {
    const pool = await openPostgres(url);
    opened.push(pool);
    return pool;
  }

  it('a server that refuses us is named with its reason', async () => {
    const url = new URL(await fresh());
    url.pathname = '/no_such_database';
    await expect(openPostgres(url.toString())).rejects.toThrow(
      `PostgreSQL at ${url.hostname}:${url.port} refused the connection: database "no_such_database" does not exist (3D000)`,
    );
  });

  it('reads rows as SQLite gives them: ISO instants, numbers for bigints, JSON and dates as text', async () => {
    const pool = await open(await fresh());
    const { rows } = await pool.query(`SELECT '2026-11-20T21:49:04.123Z'::timestamptz AS at, 9007199254740991::bigint AS id,
      count(*) AS n, sum(2::bigint) AS total, '{"b": 1}'::jsonb AS json, '2026-11-20'::date AS day, now()::date::text = (now() AT TIME ZONE 'UTC')::date::text AS utc`);
    expect(rows).toEqual([{ at: '2026-11-20T21:49:04.123Z', id: 9007199254740991, n: 1, total: 2, json: '{"b": 1}', day: '2026-11-20', utc: true }]);
    const settings = await pool.query(`SELECT current_setting('application_name') AS app, current_setting('statement_timeout') AS timeout`);
    expect(settings.rows).toEqual([{ app: 'campaign-agent', timeout: '30s' }]);
  });

  it('applies the migrations once, and nodes starting together apply each once between them', async () => {
    const url = await fresh();
    const nodes = await Promise.all([open(url), open(url), open(url)]);
    const runs = await Promise.all(nodes.map((pool) => migratePostgres(pool)));
    const all = runs.flat().sort((a, b) => a.version - b.version);
    expect(all.slice(0, 2)).toEqual([{ version: 1, name: 'initial' }, { version: 2, name: 'body_chunks' }]);
    expect(new Set(all.map((migration) => migration.version)).size).toBe(all.length);
    expect(await migratePostgres(nodes[0]!)).toEqual([]);
    const recorded = await nodes[0]!.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded.rows).toEqual(all);
  });

  it('a failing migration leaves nothing of itself, and the ones before it stay applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-migrations-'));
    try {
      writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE first (id integer);');
      writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE second (id integer); SELECT no_such_function();');
      const pool = await open(await fresh());
      await expect(migratePostgres(pool, dir)).rejects.toThrow('no_such_function');
      const tables = await pool.query(`SELECT to_regclass('first') IS NOT NULL AS first, to_regclass('second') IS NOT NULL AS second`);
      expect(tables.rows).toEqual([{ first: true, second: false }]);
      expect((await pool.query('SELECT version FROM schema_migrations')).rows).toEqual([{ version: 1 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A loopback port nothing listens on (just freed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

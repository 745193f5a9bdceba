import pg from 'pg';
import { describe } from 'vitest';
import { privatePostgresProblem, startPrivatePostgres } from './postgres-server.js';

/**
 * Real PostgreSQL servers for the tests. PG_URL names one (.ci/run starts a throwaway server and
 * sets it); without it a developer's machine with Debian's binaries gets a private server, one
 * per test process, gone at exit. In CI a missing PG_URL is a failure, not a skip: a skipped
 * engine would pass unseen.
 */

export interface TestDatabase {
  /** A fresh, empty database of its own. */
  url: string;
  drop(): Promise<void>;
}

const problem = process.env.PG_URL || process.env.CI === 'true' ? null : privatePostgresProblem();

/** Why the PostgreSQL tests do not run here; null when they run (in CI they always do). */
export const postgresSkipReason: string | null = problem === null ? null : `PG_URL is not set, and ${problem}`;

export const postgresAvailable = postgresSkipReason === null;

/** describe, or a skipped describe whose title says why. */
export function describeWithPostgres(name: string, fn: () => void): void {
  if (postgresSkipReason === null) describe(name, fn);
  else describe.skip(`${name} (skipped: ${postgresSkipReason})`, fn);
}

let server: Promise<string> | undefined;

function serverUrl(): Promise<string> {
  if (process.env.PG_URL) return Promise.resolve(process.env.PG_URL);
  if (process.env.CI === 'true') {
    return Promise.reject(new Error('PG_URL is not set: in CI the PostgreSQL tests need a real server (.ci/run starts one)'));
  }
  if (postgresSkipReason !== null) return Promise.reject(new Error(postgresSkipReason));
  server ??= startPrivatePostgres().then((started) => started.url);
  return server;
}

/** A database of its own per call, on the one server, so tests neither see nor wait for each other. */
export async function postgresDatabase(): Promise<TestDatabase> {
  const base = await serverUrl();
  const name = `campaign_agent_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await onServer(base, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a pool a failed test left open must not keep the database alive.
    drop: () => onServer(base, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

import pg from 'pg';
import { privatePostgresProblem, startPrivatePostgres } from '../../test/support/postgres-server.js';

export interface PostgresServer {
  /** The server's own database (`postgres`), for what is done on the server as a whole. */
  url: string;
  version: string;
  /** The postmaster's process id, null on a server named by PG_URL (not ours to watch). */
  pid: number | null;
  /** The settings the engine's figures depend on, as the server reports them. */
  settings: Record<string, string>;
  /** A fresh, empty database per case, as each SQLite case gets a fresh file. */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

/**
 * The bench's PostgreSQL: the server PG_URL names, or a private one from Debian's binaries
 * (test/support/postgres-server.ts), with the defaults an operator gets from the package (fsync
 * and synchronous_commit on).
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const given = process.env.PG_URL;
  const running = given ? { url: given, pid: null, stop: async () => undefined } : await startPrivate();
  try {
    const shown = await onServer(running.url, `SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`, [
      ['server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_level'],
    ]);
    const settings = Object.fromEntries(shown.map((row) => [row.name as string, row.setting as string]));
    let databases = 0;
    return {
      ...running,
      version: settings.server_version ?? 'unknown',
      settings,
      async createDatabase() {
        const name = `campaign_agent_bench_${process.pid}_${databases++}`;
        await onServer(running.url, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
        const url = new URL(running.url);
        url.pathname = `/${name}`;
        // FORCE: a pool a failed case left open must not keep the database alive.
        return { url: url.toString(), drop: async () => void (await onServer(running.url, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)) };
      },
    };
  } catch (error) {
    await running.stop();
    throw error;
  }
}

export async function onServer(url: string, sql: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}
/** Why the private server cannot start here; null when it can (or PG_URL names one). */
export function postgresProblem(): string | null {
  if (process.env.PG_URL) return null;
  const problem = privatePostgresProblem();
  return problem === null ? null : `PG_URL is not set, and ${problem}`;
}

/** The private server; Ctrl-C ends the bench through process.exit, which stops it on the way out. */
async function startPrivate(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const server = await startPrivatePostgres();
  const onExit = () => void server.stop();
  process.once('exit', onExit);
  return {
    ...server,
    async stop() {
      process.off('exit', onExit);
      await server.stop();
    },
  };
}

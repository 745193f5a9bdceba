import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.js';

const PG_ROOT = '/usr/lib/postgresql';
/** A stopped server's folder goes as soon as this process does, however it ended (as in test/support/postgres.ts). */
const WATCH = 'pid=$1; dir=$2; shift 2; while kill -0 "$pid" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$dir"';

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
 * (initdb + pg_ctl in a temp folder, as the postgres user when we are root, on a loopback port),
 * with the defaults an operator gets from the package (fsync and synchronous_commit on).
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
  if (binaries() === null) return `PG_URL is not set and no PostgreSQL binaries are under ${PG_ROOT} (apt-get install postgresql)`;
  if (process.getuid?.() === 0 && postgresUser() === null) return 'PG_URL is not set, and as root the private server needs the postgres user';
  return null;
}

function binaries(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const newest = readdirSync(PG_ROOT)
    .filter((version) => existsSync(join(PG_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? null : join(PG_ROOT, newest, 'bin');
}

/** PostgreSQL refuses to run as root: as root, the server runs as the postgres account. */
function postgresUser(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function startPrivate(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const problem = postgresProblem();
  if (problem) throw new Error(problem);
  const bin = binaries()!;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-bench-pg-'));
  if (asRoot) {
    const { uid, gid } = postgresUser()!;
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const data = join(dir, 'data');
  const stopNow = command('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
  spawn('sh', ['-c', WATCH, 'watch', String(process.pid), dir, ...stopNow.flat()], { detached: true, stdio: 'ignore' }).unref();
  const port = await freePort();
  const steps: Array<[string, string[]]> = [
    ['initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']],
    ['pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`, 'start']],
  ];
  for (const [tool, args] of steps) {
    const result = spawnSync(...command(tool, args), { encoding: 'utf8' });
    if (result.status !== 0) {
      const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`bench PostgreSQL: ${tool} failed: ${result.stderr}${result.stdout}${log}`);
    }
  }
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  // Ctrl-C ends the bench through process.exit: stop the server on the way out.
  const onExit = () => void spawnSync(...stopNow);
  process.once('exit', onExit);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid,
    async stop() {
      process.off('exit', onExit);
      spawnSync(...command('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

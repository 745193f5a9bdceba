import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';

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

const PG_ROOT = '/usr/lib/postgresql';

function localBinaries(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const newest = readdirSync(PG_ROOT)
    .filter((version) => existsSync(join(PG_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? null : join(PG_ROOT, newest, 'bin');
}

/** The account PostgreSQL runs as when the tests run as root (it refuses root itself). */
function postgresUser(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const asRoot = process.getuid?.() === 0;

const bin = process.env.PG_URL ? null : localBinaries();

/** Why the PostgreSQL tests do not run here; null when they run (in CI they always do). */
export const postgresSkipReason: string | null =
  process.env.PG_URL || process.env.CI === 'true'
    ? null
    : bin === null
      ? `PG_URL is not set and no PostgreSQL binaries are under ${PG_ROOT} (apt-get install postgresql)`
      : asRoot && postgresUser() === null
        ? 'PG_URL is not set, and as root the private server needs the postgres user'
        : null;

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
  server ??= startPrivateServer(bin!);
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

const WATCH = 'pid=$1; dir=$2; shift 2; while kill -0 "$pid" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$dir"';

/** initdb + pg_ctl in a temp folder (owned by the postgres user when we are root), on a free loopback port. */
async function startPrivateServer(bin: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-pg-'));
  if (asRoot) {
    const { uid, gid } = postgresUser()!;
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const data = join(dir, 'data');
  // vitest ends its workers with SIGTERM, which runs no exit handler: a detached watcher stops
  // the server and removes the folder once this process is gone, however it ended.
  spawn('sh', ['-c', WATCH, 'watch', String(process.pid), dir, ...command('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).flat()], {
    detached: true,
    stdio: 'ignore',
  }).unref();
  const port = await freePort();
  const steps: Array<[string, string[]]> = [
    ['initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']],
    ['pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on`, 'start']],
  ];
  for (const [tool, args] of steps) {
    const result = spawnSync(...command(tool, args), { encoding: 'utf8' });
    if (result.status !== 0) {
      const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
      throw new Error(`private PostgreSQL: ${tool} failed: ${result.stderr}${result.stdout}${log}`);
    }
  }
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

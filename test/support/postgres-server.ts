import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private PostgreSQL server from Debian's binaries, for the tests and the bench: initdb +
 * pg_ctl in a temp folder (owned by the postgres user when we are root, since PostgreSQL refuses
 * root), on a free loopback port, with the package's defaults (fsync and synchronous_commit on).
 */
const PG_ROOT = '/usr/lib/postgresql';
/** Stops the server and removes its folder once the given process is gone, however it ended. */
const WATCH = 'pid=$1; dir=$2; shift 2; while kill -0 "$pid" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$dir"';

export interface PrivatePostgres {
  url: string;
  /** The postmaster's process id. */
  pid: number;
  stop(): Promise<void>;
}

/** Why a private server cannot start here; null when it can. */
export function privatePostgresProblem(): string | null {
  if (binaries() === null) return `no PostgreSQL binaries are under ${PG_ROOT} (apt-get install postgresql)`;
  if (process.getuid?.() === 0 && postgresUser() === null) return 'as root, the private server needs the postgres user';
  return null;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const problem = privatePostgresProblem();
  if (problem) throw new Error(problem);
  const bin = binaries()!;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'campaign-agent-pg-'));
  if (asRoot) {
    const { uid, gid } = postgresUser()!;
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const data = join(dir, 'data');
  // vitest ends its workers with SIGTERM, which runs no exit handler: a detached watcher stops
  // the server and removes the folder once this process is gone.
  spawn('sh', ['-c', WATCH, 'watch', String(process.pid), dir, ...command('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).flat()], {
    detached: true,
    stdio: 'ignore',
  }).unref();
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
      throw new Error(`private PostgreSQL: ${tool} failed: ${result.stderr}${result.stdout}${log}`);
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid: Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    async stop() {
      spawnSync(...command('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function binaries(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const newest = readdirSync(PG_ROOT)
    .filter((version) => existsSync(join(PG_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? null : join(PG_ROOT, newest, 'bin');
}

function postgresUser(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
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

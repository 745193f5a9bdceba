import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { sleep } from './stats.js';

export interface PostfixInstance {
  port: number;
  version: string;
  /** Every main.cf setting we chose, for the results file. */
  settings: Record<string, string>;
  stop(): Promise<void>;
}

const POSTFIX = '/usr/sbin/postfix';
const POSTCONF = '/usr/sbin/postconf';

/** The Debian `postfix` package and root (Postfix's master must start as root). */
export function postfixProblem(): string | null {
  if (!existsSync(POSTFIX) || !existsSync(POSTCONF)) return 'Postfix is not installed: apt-get install postfix';
  if (process.getuid?.() !== 0) return 'the Postfix peer needs root (its master process starts as root and drops to the postfix user)';
  return null;
}

/**
 * A private Postfix instance in a temp folder, listening on 127.0.0.1:`port` only, with every
 * message going to the discard transport. smtpd still hands each message to cleanup, which
 * fsyncs the queue file before the 250: the durable queue is the anchor the service is held to.
 */
export async function startPostfix(port: number): Promise<PostfixInstance> {
  const root = mkdtempSync(join(tmpdir(), 'campaign-agent-postfix-'));
  // Postfix daemons run as the postfix user and must reach the queue below this folder.
  chmodSync(root, 0o755);
  const etc = join(root, 'etc');
  const data = join(root, 'data');
  mkdirSync(etc);
  mkdirSync(data);
  mkdirSync(join(root, 'queue'));
  chownSync(data, uid('postfix'), -1);
  copyFileSync('/etc/postfix/master.cf', join(etc, 'master.cf'));
  writeFileSync(join(etc, 'main.cf'), '');
  const settings: Record<string, string> = {
    compatibility_level: '3.6',
    queue_directory: join(root, 'queue'),
    data_directory: data,
    maillog_file: join(root, 'maillog'),
    maillog_file_prefixes: root,
    myhostname: 'bench.localhost',
    inet_interfaces: '127.0.0.1',
    inet_protocols: 'ipv4',
    mynetworks: '127.0.0.0/8',
    mydestination: 'meet.acme.com',
    local_recipient_maps: '',
    alias_maps: '',
    alias_database: '',
    smtpd_relay_restrictions: 'permit_mynetworks, reject',
    default_transport: 'discard',
    local_transport: 'discard',
    relay_transport: 'discard',
    message_size_limit: String(50 * 1024 * 1024),
    // Like the service (disableReverseLookup): no DNS on the accept path.
    smtpd_peername_lookup: 'no',
    // No arrival throttling: Postfix's own ingest at full speed is the stricter anchor.
    in_flow_delay: '0s',
  };
  postconf(etc, ['-e', ...Object.entries(settings).map(([key, value]) => `${key}=${value}`)]);
  postconf(etc, ['-M#', 'smtp/inet']);
  postconf(etc, ['-M', `${port}/inet=${port} inet n - n - - smtpd`]);
  // No chroot: a chroot jail needs copies of /etc files in the queue folder, and costs nothing measurable.
  postconf(etc, ['-F', '*/*/chroot=n']);
  try {
    execFileSync(POSTFIX, ['-c', etc, 'start'], { stdio: 'pipe' });
  } catch (error) {
    const log = existsSync(settings.maillog_file!) ? readFileSync(settings.maillog_file!, 'utf8') : '(no maillog)';
    rmSync(root, { recursive: true, force: true });
    throw new Error(`postfix did not start: ${(error as Error).message}\n${log}`);
  }
  // Ctrl-C or a crash must not leave a Postfix running from a deleted folder.
  const stopNow = () => {
    try {
      execFileSync(POSTFIX, ['-c', etc, 'stop'], { stdio: 'pipe' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  process.once('exit', stopNow);
  await waitForPort(port);
  return {
    port,
    version: execFileSync(POSTCONF, ['-h', 'mail_version'], { encoding: 'utf8' }).trim(),
    settings,
    async stop() {
      process.off('exit', stopNow);
      const master = Number(readFileSync(join(settings.queue_directory!, 'pid', 'master.pid'), 'utf8').trim());
      try {
        execFileSync(POSTFIX, ['-c', etc, 'stop'], { stdio: 'pipe' });
        // `postfix stop` only signals the master; its queue folder goes once it is gone.
        for (let attempt = 0; attempt < 50 && alive(master); attempt++) await sleep(100);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

function postconf(etc: string, args: string[]): void {
  execFileSync(POSTCONF, ['-c', etc, ...args], { stdio: 'pipe' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`postfix is not listening on 127.0.0.1:${port} after 5 s`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface ChildService {
  child: ChildProcess;
  /** 0 for a node without the role (--role). */
  smtpPort: number;
  httpPort: number;
  /** Ends the process the hard way: no shutdown code runs. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `campaign-agent serve` as a separate process (TypeScript through tsx), as ops would. */
export async function spawnService(env: Record<string, string>, args: string[] = []): Promise<ChildService> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', ...args], {
    env: { ...process.env, SMTP_PORT: '0', HTTP_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = await new Promise<{ smtp: { port: number } | null; http: { port: number } | null }>((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    const output: string[] = [];
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output.join('\n')}`)), 20_000);
    lines.on('line', (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; smtp?: { port: number }; http?: { port: number } };
        if (entry.msg === 'campaign-agent started') {
          clearTimeout(timer);
          resolve(entry as { smtp: { port: number } | null; http: { port: number } | null });
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return {
    child,
    smtpPort: started.smtp?.port ?? 0,
    httpPort: started.http?.port ?? 0,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A loopback port free right now: for a service restarted on the same ports, as ops restart
 * one, so it is the same node (its claims are named after its SMTP port) and takes back at once
 * what its killed run had claimed.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

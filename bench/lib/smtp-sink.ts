import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './ports.js';
import { SmtpClient } from './smtp-client.js';
import { sleep } from './stats.js';

const SMTP_SINK = '/usr/sbin/smtp-sink';

export interface Sink {
  url: string;
  stop(): Promise<void>;
}

/**
 * Postfix's smtp-sink on a loopback port: the outbound relay for the ingest part. It accepts and
 * forgets, in C, so the service's replies cost the machine almost nothing on the receiving end.
 */
export async function startSmtpSink(): Promise<Sink> {
  if (!existsSync(SMTP_SINK)) throw new Error(`${SMTP_SINK} is missing: apt-get install postfix`);
  const port = await freePort();
  // smtp-sink refuses to run as root without a user to switch to.
  const child = spawn(SMTP_SINK, ['-u', 'nobody', `127.0.0.1:${port}`, '256'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A spawned program outlives its parent unless told otherwise.
  const killNow = () => child.kill();
  process.once('exit', killNow);
  for (let attempt = 0; ; attempt++) {
    try {
      await (await SmtpClient.open(port, { timeoutMs: 1000 })).quit();
      break;
    } catch (error) {
      if (attempt >= 50) {
        child.kill();
        throw new Error(`smtp-sink did not listen on 127.0.0.1:${port}: ${(error as Error).message}`);
      }
      await sleep(100);
    }
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    async stop() {
      process.off('exit', killNow);
      child.kill();
      await exited;
    },
  };
}

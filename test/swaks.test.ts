import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN, startEdgeListener, type EdgeListener } from './support/edge-listener.js';
import { smtpDialog } from './support/smtp-dialog.js';
import { makeTestCertificate, type TestCertificate } from './support/tls-cert.js';

const SWAKS = '/usr/bin/swaks';
const haveSwaks = existsSync(SWAKS);

interface SwaksRun {
  /** 0 on success; swaks uses other codes for the stage that failed. */
  code: number;
  /** The SMTP transcript swaks prints ("->" sent, "<-" received, "~>"/"<~" inside TLS). */
  transcript: string;
}

/** Runs swaks asynchronously: the listener lives in this process and must keep answering. */
function swaks(port: number, args: string[]): Promise<SwaksRun> {
  return new Promise((resolve) => {
    execFile(SWAKS, ['--server', `127.0.0.1:${port}`, '--timeout', '15', ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, transcript: `${stdout}${stderr}` });
    });
  });
}

const envelope = ['--from', 'jane.doe@example.com', '--to', CAMPAIGN];
const queued = /<[-~] {2}250 2\.0\.0 Queued as (\d+)/g;

describe.skipIf(!haveSwaks)(haveSwaks ? 'swaks as a foreign SMTP client' : `swaks tests skipped: ${SWAKS} is missing (apt-get install swaks)`, () => {
  let cert: TestCertificate;
  let edge: EdgeListener;
  let scratch: string;

  beforeAll(async () => {
    cert = makeTestCertificate();
    edge = await startEdgeListener({ tls: { keyFile: cert.keyFile, certFile: cert.certFile } });
    scratch = mkdtempSync(join(tmpdir(), 'campaign-agent-swaks-'));
  });
  afterAll(async () => {
    await edge?.close();
    cert?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** The raw bytes stored for the message whose id the transcript's one 250 names. */
  function storedFrom(run: SwaksRun): string {
    const ids = [...run.transcript.matchAll(queued)].map((match) => Number(match[1]));
    expect(ids).toHaveLength(1);
    const message = edge.messages().find((candidate) => candidate.id === ids[0]);
    expect(message?.envelope_from).toBe('jane.doe@example.com');
    return message!.raw.toString('latin1');
  }

  it('delivers a plain message', async () => {
    const run = await swaks(edge.port, [...envelope, '--header', 'Subject: Demo request', '--body', 'Could we talk next week? Jane']);
    expect(run.code).toBe(0);
    expect(storedFrom(run)).toMatch(/Subject: Demo request\r\n[\s\S]*\r\n\r\nCould we talk next week\? Jane\r\n/);
  });

  it('delivers over STARTTLS with the configured certificate', async () => {
    const run = await swaks(edge.port, [...envelope, '--tls', '--header', 'Subject: over tls']);
    expect(run.code).toBe(0);
    expect(run.transcript).toContain('<-  220 Ready to start TLS');
    expect(run.transcript).toContain('=== TLS peer DN="/CN=localhost"');
    expect(run.transcript).toContain(' ~> MAIL FROM:<jane.doe@example.com>');
    expect(storedFrom(run)).toContain('Subject: over tls\r\n');
  });

  it('delivers with PIPELINING: MAIL, RCPT and DATA sent in one go', async () => {
    const run = await swaks(edge.port, [...envelope, '--pipeline', '--header', 'Subject: pipelined']);
    expect(run.code).toBe(0);
    expect(run.transcript).toContain(
      [` -> MAIL FROM:<jane.doe@example.com>`, ` -> RCPT TO:<${CAMPAIGN}>`, ' -> DATA', '<-  250 Accepted', '<-  250 Accepted', '<-  354 End data with <CR><LF>.<CR><LF>'].join('\n'),
    );
    expect(storedFrom(run)).toContain('Subject: pipelined\r\n');
  });

  it('keeps a 5000-byte body line intact (long DATA lines are accepted; the size limit bounds memory)', async () => {
    const line = 'y'.repeat(5000);
    const run = await swaks(edge.port, [...envelope, '--header', 'Subject: long line', '--body', line]);
    expect(run.code).toBe(0);
    expect(storedFrom(run)).toContain(`\r\n\r\n${line}\r\n`);
  });

  it('drops a client whose command line is over 1000 bytes with 421, and keeps serving', async () => {
    const run = await swaks(edge.port, [...envelope, '--helo', `h${'x'.repeat(1100)}.example.com`]);
    expect(run.code).not.toBe(0);
    expect(run.transcript).toContain('<** 421 Error: Command line too long');
    expect((await swaks(edge.port, [...envelope, '--header', 'Subject: after'])).code).toBe(0);
  });

  it('stores a bare-LF smuggling attempt as one message, with the smuggled commands as its data', async () => {
    const file = join(scratch, 'smuggle.eml');
    // -ndf sends the file as it is, followed by CRLF: the file's last line is the real final dot.
    const content = 'Subject: smuggle\r\n\r\nhello\n.\nMAIL FROM:<ceo@meet.acme.com>\r\nRCPT TO:<webinar-q3@meet.acme.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nspoofed\r\n.';
    writeFileSync(file, content, 'latin1');
    const before = edge.messages().length;
    const run = await swaks(edge.port, [...envelope, '-ndf', '--data', `@${file}`]);
    expect(run.code).toBe(0);
    expect(storedFrom(run)).toBe(content.slice(0, -'.'.length));
    expect(edge.messages()).toHaveLength(before + 1);
  });

  it('reassembles commands split across packets', async () => {
    const dialog = await smtpDialog(edge.port);
    try {
      await dialog.greeting();
      await dialog.send('EHLO split.example.com');
      async function inPieces(pieces: string[]): Promise<string> {
        for (const piece of pieces) {
          dialog.write(piece);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return dialog.reply();
      }
      expect(await inPieces(['MAIL FR', 'OM:<jane.doe@exa', 'mple.com>\r\n'])).toBe('250 Accepted');
      expect(await inPieces(['RCPT TO:<webinar-', 'q3@meet.acme', '.com>\r\n'])).toBe('250 Accepted');
      expect(await inPieces(['DA', 'T', 'A\r\n'])).toBe('354 End data with <CR><LF>.<CR><LF>');
      expect(await inPieces(['Subject: split\r\n\r\nhel', 'lo\r\n.', '\r\n'])).toMatch(/^250 2\.0\.0 Queued as \d+$/);
      expect(edge.messages().at(-1)!.raw.toString('latin1')).toBe('Subject: split\r\n\r\nhello\r\n');
    } finally {
      dialog.close();
    }
  });
});

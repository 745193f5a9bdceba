import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverByDialog, smtpDialog, type SmtpDialog } from './support/smtp-dialog.js';
import { startDemoService } from './support/service.js';
import { CAMPAIGN, startEdgeListener, type EdgeListener } from './support/edge-listener.js';
import { makeTestCertificate, type TestCertificate } from './support/tls-cert.js';
import { sqliteConnection } from '../src/store/sqlite/store.js';

describe('the SMTP listener', () => {
  let running: Awaited<ReturnType<typeof startDemoService>>;

  beforeAll(async () => {
    running = await startDemoService({}, { worker: false });
  });
  afterAll(async () => {
    await running?.service.close();
  });

  async function session() {
    const dialog = await smtpDialog(running.service.smtp.port);
    expect(await dialog.greeting()).toMatch(/^220 /);
    expect(await dialog.send('EHLO client.example.com')).toMatch(/^250[ -]/);
    return dialog;
  }

  it('refuses a recipient that is not a campaign address with 550 5.1.1 at RCPT TO', async () => {
    const dialog = await session();
    expect(await dialog.send('MAIL FROM:<jane@example.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<sales@meet.acme.com>')).toMatch(/^550 5\.1\.1 /);
    expect(await dialog.send('RCPT TO:<webinar-q3@other.example>')).toMatch(/^550 5\.1\.1 /);
    dialog.close();
  });

  it('accepts the campaign address, plain or with a +token, in any case', async () => {
    const dialog = await session();
    expect(await dialog.send('MAIL FROM:<jane@example.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<Webinar-Q3@Meet.Acme.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<webinar-q3+abc@meet.acme.com>')).toMatch(/^250 /);
    dialog.close();
  });

  it('refuses a message over the size limit with 552, announced or not', async () => {
    const limit = running.config.service.smtp.maxMessageBytes;
    const announced = await session();
    expect(await announced.send(`MAIL FROM:<jane@example.com> SIZE=${limit + 1}`)).toMatch(/^552 /);
    announced.close();

    const dialog = await session();
    expect(await dialog.send('MAIL FROM:<jane@example.com>')).toMatch(/^250 /);
    expect(await dialog.send('RCPT TO:<webinar-q3@meet.acme.com>')).toMatch(/^250 /);
    expect(await dialog.send('DATA')).toMatch(/^354 /);
    const line = `${'x'.repeat(998)}\r\n`;
    const body = `Subject: big\r\n\r\n${line.repeat(Math.ceil(limit / line.length) + 10)}`;
    expect(await dialog.data(body)).toMatch(/^552 /);
    const before = sqliteConnection(running.service.store).prepare(`SELECT count(*) FROM messages WHERE subject = 'big' OR size > ?`).pluck().get(limit);
    expect(before).toBe(0);
    dialog.close();
  });

  it('answers 250 only with the raw message stored in the spool', async () => {
    const reply = await deliverByDialog({
      port: running.service.smtp.port,
      from: 'jane@example.com',
      to: 'webinar-q3@meet.acme.com',
      message: 'From: jane@example.com\r\nTo: webinar-q3@meet.acme.com\r\nSubject: stored\r\n\r\nHello',
    });
    expect(reply).toMatch(/^250 2\.0\.0 Queued as \d+/);
    const id = Number(/Queued as (\d+)/.exec(reply)![1]);
    const row = sqliteConnection(running.service.store).prepare(`SELECT status, b.raw, campaign FROM messages JOIN message_bodies b ON b.message_id = id WHERE id = ?`).get(id) as {
      status: string;
      raw: Buffer;
      campaign: string;
    };
    expect(row.status).toBe('received');
    expect(row.campaign).toBe('webinar-q3@meet.acme.com');
    expect(row.raw.toString()).toContain('Subject: stored');
  });
});

describe('STARTTLS and AUTH', () => {
  const users = [{ username: 'mx', password: 's3cret' }];
  const plain = (username: string, password: string) => Buffer.from(`\0${username}\0${password}`).toString('base64');
  let cert: TestCertificate;
  let edge: EdgeListener | null = null;
  let dialog: SmtpDialog | null = null;

  beforeAll(() => {
    cert = makeTestCertificate();
  });
  afterAll(() => cert.remove());
  afterEach(async () => {
    dialog?.close();
    await edge?.close();
    edge = null;
  });

  async function ehlo(options: Parameters<typeof startEdgeListener>[0]): Promise<string> {
    edge = await startEdgeListener(options);
    dialog = await smtpDialog(edge.port);
    await dialog.greeting();
    return dialog.send('EHLO client.example.com');
  }

  it('offers neither STARTTLS nor AUTH without a certificate and users, and treats both as unknown', async () => {
    expect(await ehlo({})).toBe(
      ['250-meet.acme.com Nice to meet you, [127.0.0.1]', '250-PIPELINING', '250-8BITMIME', '250-SMTPUTF8', '250 SIZE 1000000'].join('\r\n'),
    );
    expect(await dialog!.send('STARTTLS')).toBe('500 Error: command not recognized');
    expect(await dialog!.send(`AUTH PLAIN ${plain('mx', 's3cret')}`)).toBe('500 Error: command not recognized');
  });

  it('presents the configured certificate at STARTTLS and offers AUTH only inside TLS', async () => {
    const before = await ehlo({ tls: { keyFile: cert.keyFile, certFile: cert.certFile }, users });
    expect(before).toContain('250-STARTTLS');
    expect(before).not.toContain('AUTH');
    expect(await dialog!.send(`AUTH PLAIN ${plain('mx', 's3cret')}`)).toBe('500 Error: command not recognized');

    expect(await dialog!.startTls()).toBe('220 Ready to start TLS');
    expect(dialog!.peerFingerprint()).toBe(new X509Certificate(readFileSync(cert.certFile)).fingerprint256);
    const after = await dialog!.send('EHLO client.example.com');
    expect(after).toContain('250-AUTH PLAIN LOGIN');
    expect(after).not.toContain('STARTTLS');
    expect(await dialog!.send(`AUTH PLAIN ${plain('mx', 'wrong')}`)).toBe('535 5.7.8 Authentication credentials invalid');
    expect(await dialog!.send(`AUTH PLAIN ${plain('mx', 's3cret')}`)).toBe('235 Authentication successful');
    expect(await dialog!.send('MAIL FROM:<forwarder@mx.acme.com>')).toBe('250 Accepted');
    expect(await dialog!.send(`RCPT TO:<${CAMPAIGN}>`)).toBe('250 Accepted');
    expect(await dialog!.send('DATA')).toMatch(/^354 /);
    expect(await dialog!.data('Subject: via tls\r\n\r\nhello')).toMatch(/^250 2\.0\.0 Queued as \d+$/);
  });

  it('without a certificate offers AUTH to a loopback client only (an MX on the same host)', async () => {
    expect(await ehlo({ users })).toContain('250-AUTH PLAIN LOGIN');
    expect(await dialog!.send('AUTH LOGIN')).toBe('334 VXNlcm5hbWU6');
    expect(await dialog!.send(Buffer.from('mx').toString('base64'))).toBe('334 UGFzc3dvcmQ6');
    expect(await dialog!.send(Buffer.from('s3cret').toString('base64'))).toBe('235 Authentication successful');
  });

  it('drops a session after three failed AUTH attempts', async () => {
    await ehlo({ users });
    expect(await dialog!.send(`AUTH PLAIN ${plain('mx', 'guess1')}`)).toBe('535 5.7.8 Authentication credentials invalid');
    expect(await dialog!.send(`AUTH PLAIN ${plain('mx', 'guess2')}`)).toBe('535 5.7.8 Authentication credentials invalid');
    expect(await dialog!.send(`AUTH PLAIN ${plain('admin', 's3cret')}`)).toBe('421 4.7.0 Too many failed authentication attempts');
    expect(await dialog!.closedByServer()).toBe(true);
  });
});

describe('end of DATA is <CRLF>.<CRLF> only (no SMTP smuggling)', () => {
  let edge: EdgeListener;
  beforeAll(async () => {
    edge = await startEdgeListener();
  });
  afterAll(async () => {
    await edge.close();
  });

  const smuggled = 'MAIL FROM:<ceo@meet.acme.com>\r\nRCPT TO:<webinar-q3@meet.acme.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nspoofed';

  async function send(chunks: string[]): Promise<{ reply: string; next: string }> {
    const dialog = await smtpDialog(edge.port);
    try {
      await dialog.greeting();
      await dialog.send('EHLO client.example.com');
      await dialog.send('MAIL FROM:<jane@example.com>');
      await dialog.send(`RCPT TO:<${CAMPAIGN}>`);
      await dialog.send('DATA');
      for (const chunk of chunks) {
        dialog.write(chunk);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const reply = await dialog.data('');
      // Had the smuggled commands run, their replies would come next; NOOP's "250 OK" proves not.
      return { reply, next: await dialog.send('NOOP') };
    } finally {
      dialog.close();
    }
  }

  it.each([
    ['bare LF', '\n.\n'],
    ['CRLF then bare LF', '\r\n.\n'],
    ['bare LF then CRLF', '\n.\r\n'],
  ])('a dot line ended by %s is content: one message, the smuggled commands kept as its data', async (_name, fakeEnd) => {
    const before = edge.messages().length;
    const body = `Subject: first\r\n\r\nhello${fakeEnd}${smuggled}`;
    const { reply, next } = await send([body]);
    expect(reply).toMatch(/^250 2\.0\.0 Queued as \d+$/);
    expect(next).toBe('250 OK');
    const stored = edge.messages().slice(before);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.envelope_from).toBe('jane@example.com');
    expect(stored[0]!.raw.toString('latin1')).toBe(`${body}\r\n`);
  });

  it('holds when the fake end of data is split across packets', async () => {
    const before = edge.messages().length;
    const chunks = ['Subject: split\r\n\r\nhello\r\n', '.', '\n', smuggled];
    const { reply, next } = await send(chunks);
    expect(reply).toMatch(/^250 2\.0\.0 Queued as \d+$/);
    expect(next).toBe('250 OK');
    const stored = edge.messages().slice(before);
    expect(stored.map((message) => message.raw.toString('latin1'))).toEqual([`${chunks.join('')}\r\n`]);
  });
});

describe('a large message, SIZE= announced or not (RFC 1870)', () => {
  let edge: EdgeListener;
  beforeAll(async () => {
    edge = await startEdgeListener();
  });
  afterAll(async () => {
    await edge.close();
  });

  // Past the 256 KiB the listener keeps as chunks, and many socket reads long.
  const message = `Subject: large\r\n\r\n${`${'x'.repeat(998)}\r\n`.repeat(400)}end`;
  // What is stored: the message and the CRLF before the final dot.
  const storedBytes = Buffer.byteLength(message) + 2;

  async function send(size: number | null, body: string): Promise<string> {
    const dialog = await smtpDialog(edge.port);
    try {
      await dialog.greeting();
      await dialog.send('EHLO client.example.com');
      expect(await dialog.send(`MAIL FROM:<jane@example.com>${size === null ? '' : ` SIZE=${size}`}`)).toBe('250 Accepted');
      await dialog.send(`RCPT TO:<${CAMPAIGN}>`);
      await dialog.send('DATA');
      return await dialog.data(body);
    } finally {
      dialog.close();
    }
  }

  it.each([
    ['not announced', null],
    ['announced exactly', storedBytes],
    ['announced too high', storedBytes + 5000],
    ['announced somewhat too low (SIZE is the client’s estimate)', storedBytes - 100_000],
    ['announced far too low', 1000],
  ])('is stored byte for byte when its size is %s', async (_name, size) => {
    const before = edge.messages().length;
    expect(await send(size, message)).toMatch(/^250 2\.0\.0 Queued as \d+$/);
    const stored = edge.messages().slice(before);
    expect(stored.map((row) => row.raw.equals(Buffer.from(`${message}\r\n`)))).toEqual([true]);
  });

  it('is refused with 552, and not stored, when it outgrows the limit after announcing less', async () => {
    const before = edge.messages().length;
    const oversized = `Subject: large\r\n\r\n${`${'x'.repeat(998)}\r\n`.repeat(1010)}`;
    expect(await send(1000, oversized)).toBe('552 5.3.4 Message too big: the limit is 1000000 bytes');
    expect(edge.messages()).toHaveLength(before);
  });
});

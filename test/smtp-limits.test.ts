import { existsSync, readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CAMPAIGN, startEdgeListener, type EdgeListener } from './support/edge-listener.js';
import { mailWithAttachment } from './support/large-mail.js';
import { bodiesFolder } from '../src/store/sqlite/store.js';
import { MailParseError, parseMail } from '../src/mail/parse.js';
import type { ListenerDeps, ListenerOptions } from '../src/mail/smtp/listener.js';

// Linux routes all of 127.0.0.0/8 to loopback: each of these is a client IP of its own.
const [FIRST, SECOND, THIRD, FOURTH, FIFTH] = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
const GREETING = '220 meet.acme.com ESMTP campaign-agent ESMTP';
const QUEUED = /^250 2\.0\.0 Queued as \d+$/;

let edge: EdgeListener | null = null;
let refusals: string[] = [];
const clients: Client[] = [];

afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await edge?.close();
  edge = null;
  refusals = [];
});

async function start(options: Partial<ListenerOptions>, deps: Partial<ListenerDeps> = {}): Promise<EdgeListener> {
  edge = await startEdgeListener(options, { refused: (reason) => refusals.push(reason), ...deps });
  return edge;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` until it holds, for what the server finishes just after the client saw the close. */
async function eventually(done: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(20);
  return done();
}

/** A raw SMTP client from a chosen loopback address: it can drip, and it sees every reply and the close. */
async function client(from: string): Promise<Client> {
  const socket: Socket = connect({ host: '127.0.0.1', port: edge!.port, localAddress: from });
  let buffer = '';
  let closed = false;
  const replies: string[] = [];
  let wake = () => undefined as void;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (let end = replyEnd(buffer); end !== -1; end = replyEnd(buffer)) {
      replies.push(buffer.slice(0, end).trimEnd());
      buffer = buffer.slice(end);
    }
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });
  // A server that drops the connection may reset it; the tests assert on replies and closes.
  socket.on('error', () => undefined);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const until = async (done: () => boolean, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await new Promise<void>((resolve) => (wake = resolve, setTimeout(resolve, 100)));
    return done();
  };
  const reply = async (timeoutMs = 10_000): Promise<string> => {
    if (!(await until(() => replies.length > 0, timeoutMs))) throw new Error(closed ? 'closed without a reply' : 'no SMTP reply');
    return replies.shift()!;
  };
  const self = {
    reply,
    write: (data: string | Buffer) => socket.write(data),
    send: (line: string) => (socket.write(`${line}\r\n`), reply()),
    closedByServer: (timeoutMs = 10_000) => until(() => closed, timeoutMs),
    close: () => socket.destroy(),
  };
  clients.push(self);
  return self;
}

type Client = { reply(timeoutMs?: number): Promise<string>; write(data: string | Buffer): void; send(line: string): Promise<string>; closedByServer(timeoutMs?: number): Promise<boolean>; close(): void };

function replyEnd(buffer: string): number {
  for (let start = 0, newline = buffer.indexOf('\r\n'); newline !== -1; start = newline + 2, newline = buffer.indexOf('\r\n', start)) {
    if (/^\d{3}(?: |$)/.test(buffer.slice(start, newline))) return newline + 2;
  }
  return -1;
}

/** A session from `from` that has had its 354. */
async function atData(from: string): Promise<Client> {
  const session = await client(from);
  expect(await session.reply()).toBe(GREETING);
  await session.send('EHLO client.example.com');
  expect(await session.send('MAIL FROM:<jane@example.com>')).toBe('250 Accepted');
  expect(await session.send(`RCPT TO:<${CAMPAIGN}>`)).toBe('250 Accepted');
  expect(await session.send('DATA')).toBe('354 End data with <CR><LF>.<CR><LF>');
  return session;
}

function bodyFiles(): string[] {
  const dir = bodiesFolder(edge!.databasePath);
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('connections per client IP', () => {
  it('keeps a fresh sender\'s greeting when four addresses open 120 connections (the default 10 each of 100)', async () => {
    await start({ maxConnections: 100, maxConnectionsPerIp: 10 });
    const greetings = new Map<string, string[]>();
    await Promise.all([FIRST, SECOND, THIRD, FOURTH].flatMap((from) => Array.from({ length: 30 }, async () => {
      const greeting = await (await client(from)).reply();
      greetings.set(from, [...(greetings.get(from) ?? []), greeting]);
    })));
    for (const from of [FIRST, SECOND, THIRD, FOURTH]) {
      expect(greetings.get(from)!.filter((greeting) => greeting === GREETING)).toHaveLength(10);
      expect(greetings.get(from)!.filter((greeting) => greeting === '421 4.7.0 Too many open connections from your address, try again later')).toHaveLength(20);
    }
    expect(await (await client(FIFTH)).reply()).toBe(GREETING);
    expect(refusals.filter((reason) => reason === 'too_many_connections_per_ip')).toHaveLength(80);
  });

  it('closes the connection over the cap, and admits the address again once one of its sessions ends', async () => {
    await start({ maxConnectionsPerIp: 2 });
    const [first] = await Promise.all([client(FIRST), client(FIRST)].map(async (opening) => {
      const session = await opening;
      expect(await session.reply()).toBe(GREETING);
      return session;
    }));
    const over = await client(FIRST);
    expect(await over.reply()).toBe('421 4.7.0 Too many open connections from your address, try again later');
    expect(await over.closedByServer()).toBe(true);
    expect(await (await client(SECOND)).reply()).toBe(GREETING);

    expect(await first!.send('QUIT')).toMatch(/^221 /);
    expect(await first!.closedByServer()).toBe(true);
    // The slot is freed when the server has seen the close; that is soon, not at once.
    let again = '';
    for (let attempt = 0; attempt < 20 && again !== GREETING; attempt++) {
      if (attempt > 0) await sleep(100);
      again = await (await client(FIRST)).reply();
    }
    expect(again).toBe(GREETING);
  });
});

describe('deadlines on a session and on its DATA', () => {
  it('ends a session that drips a command past the session deadline with 421 4.4.2', async () => {
    await start({ sessionTimeoutSeconds: 0.3 });
    const session = await client(FIRST);
    expect(await session.reply()).toBe(GREETING);
    // Each byte resets the idle timeout (30 s here): only the session deadline ends this.
    const drip = setInterval(() => session.write('N'), 100);
    try {
      expect(await session.reply()).toBe('421 4.4.2 Session time limit reached, closing connection');
      expect(await session.closedByServer()).toBe(true);
    } finally {
      clearInterval(drip);
    }
    expect(refusals).toEqual(['session_deadline']);
  });

  it('lets a message in flight at the session deadline finish with its 250, then ends the session', async () => {
    await start({ sessionTimeoutSeconds: 1, dataTimeoutSeconds: 20 });
    const session = await atData(FIRST);
    for (let i = 0; i < 8; i++) {
      session.write(`line ${i}\r\n`);
      await sleep(250);
    }
    session.write('.\r\n');
    expect(await session.reply()).toMatch(QUEUED);
    expect(await session.reply()).toBe('421 4.4.2 Session time limit reached, closing connection');
    expect(await session.closedByServer()).toBe(true);
    expect(edge!.messages()).toHaveLength(1);
  });

  it('cuts off a DATA that drips past the DATA deadline with 421 4.4.2, and stores nothing of it, not even its body file', async () => {
    await start({ dataTimeoutSeconds: 1 });
    const session = await atData(FIRST);
    // Past 512 KB the message goes to a body file as it arrives: that file must go too.
    session.write(mailWithAttachment({ to: CAMPAIGN, attachmentBytes: 600_000, messageId: 'drip@example.com' }));
    const drip = setInterval(() => session.write('x'), 100);
    try {
      expect(await eventually(() => bodyFiles().length === 1)).toBe(true);
      expect(await session.reply()).toBe('421 4.4.2 Message not received in time, closing connection');
      expect(await session.closedByServer()).toBe(true);
    } finally {
      clearInterval(drip);
    }
    expect(refusals).toEqual(['data_deadline']);
    expect(await eventually(() => bodyFiles().length === 0)).toBe(true);
    expect(edge!.messages()).toEqual([]);
    // Everyone else is served as before.
    const next = await atData(SECOND);
    next.write('Subject: after\r\n\r\nhello\r\n.\r\n');
    expect(await next.reply()).toMatch(QUEUED);
  });

  it('does not count the time the message takes to store against the DATA deadline', async () => {
    await start({ dataTimeoutSeconds: 0.5 }, {
      accept: async (envelopes) => {
        await sleep(1_500);
        return await edge!.store.spool.acceptGrouped(envelopes);
      },
    });
    const session = await atData(FIRST);
    session.write('Subject: slow disk\r\n\r\nhello\r\n.\r\n');
    expect(await session.reply()).toMatch(QUEUED);
    expect(refusals).toEqual([]);
  });
});

describe('AUTH guessing', () => {
  const users = [{ username: 'mx', password: 's3cret' }];
  const plain = (password: string) => `AUTH PLAIN ${Buffer.from(`\0mx\0${password}`).toString('base64')}`;
  const INVALID = '535 5.7.8 Authentication credentials invalid';

  async function ehlo(from: string): Promise<Client> {
    const session = await client(from);
    expect(await session.reply()).toBe(GREETING);
    expect(await session.send('EHLO client.example.com')).toContain('250-AUTH PLAIN LOGIN');
    return session;
  }

  /** The reply and how long it took. */
  async function timed(reply: Promise<string>): Promise<{ reply: string; ms: number }> {
    const started = performance.now();
    return { reply: await reply, ms: performance.now() - started };
  }

  it('answers each failure from an address later than the last, across sessions, and holds up no one else', async () => {
    await start({ users, authThrottle: { firstDelayMs: 100, maxDelayMs: 10_000 } });
    const first = await ehlo(FIRST);
    const one = await timed(first.send(plain('guess1')));
    const two = await timed(first.send(plain('guess2')));
    const again = await ehlo(FIRST);
    const three = await timed(again.send(plain('guess3')));
    expect([one.reply, two.reply, three.reply]).toEqual([INVALID, INVALID, INVALID]);
    expect(one.ms).toBeGreaterThanOrEqual(90);
    expect(two.ms).toBeGreaterThanOrEqual(190);
    expect(three.ms).toBeGreaterThanOrEqual(390);

    // The fourth is held back 800 ms; another address meanwhile gets its answers, its own first
    // failure held back only 100 ms: nothing waits on the event loop.
    const other = await ehlo(SECOND);
    const order: string[] = [];
    const fourth = again.send(plain('guess4')).then((reply) => order.push(`${FIRST} ${reply}`));
    expect(await other.send('NOOP')).toBe('250 OK');
    await other.send(plain('typo')).then((reply) => order.push(`${SECOND} ${reply}`));
    await fourth;
    expect(order).toEqual([`${SECOND} ${INVALID}`, `${FIRST} ${INVALID}`]);
    expect(refusals).toEqual(Array(5).fill('auth_failed'));
  });

  it('locks an address out of AUTH after too many failures, the right password too, but still takes its mail', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    await start(
      { users, authThrottle: { firstDelayMs: 1, maxDelayMs: 1, lockoutAfter: 3, windowMs: 60_000, lockoutMs: 60_000 } },
      { now: () => now },
    );
    const first = await ehlo(FIRST);
    expect(await first.send(plain('guess1'))).toBe(INVALID);
    expect(await first.send(plain('guess2'))).toBe(INVALID);
    const second = await ehlo(FIRST);
    expect(await second.send(plain('guess3'))).toBe(INVALID);
    const LOCKED = '454 4.7.0 Too many failed authentication attempts from your address, try again later';
    expect(await second.send(plain('s3cret'))).toBe(LOCKED);
    expect(await (await ehlo(FIRST)).send(plain('s3cret'))).toBe(LOCKED);
    expect(await (await ehlo(SECOND)).send(plain('s3cret'))).toBe('235 Authentication successful');

    // A lead's mail from that address is still taken: only AUTH is locked.
    expect(await second.send('MAIL FROM:<jane@example.com>')).toBe('250 Accepted');
    await second.send(`RCPT TO:<${CAMPAIGN}>`);
    await second.send('DATA');
    second.write('Subject: still here\r\n\r\nhello\r\n.\r\n');
    expect(await second.reply()).toMatch(QUEUED);

    now += 60_000;
    expect(await (await ehlo(FIRST)).send(plain('s3cret'))).toBe('235 Authentication successful');
    expect(refusals).toEqual(['auth_failed', 'auth_failed', 'auth_failed', 'auth_locked_out', 'auth_locked_out']);
  });
});

describe('MIME limits, before the 250', () => {
  const header = (bytes: number) => `Subject: big header\r\nX-Pad: ${'x'.repeat(bytes)}\r\n\r\nhello\r\n`;
  const nested = (levels: number) => {
    let message = 'Subject: deep\r\n';
    for (let level = 1; level <= levels; level++) message += `Content-Type: multipart/mixed; boundary="l${level}"\r\n\r\n--l${level}\r\n`;
    return `${message}Content-Type: text/plain\r\n\r\nhello\r\n`;
  };
  const withParts = (count: number, pad = '') => `Subject: many\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${pad}`
    + `${Array.from({ length: count }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('')}--b--\r\n`;

  async function deliver(message: string): Promise<string> {
    const session = await atData(FIRST);
    session.write(`${message}\r\n.\r\n`);
    return session.reply();
  }

  it('refuses a header block over 256 KB with 552 5.3.4, and the session goes on', async () => {
    await start({ maxMessageBytes: 4_000_000 });
    const session = await atData(FIRST);
    session.write(`${header(1_024 * 1_024)}\r\n.\r\n`);
    expect(await session.reply()).toBe('552 5.3.4 Message header too big: the limit is 262144 bytes');
    expect(await session.send('MAIL FROM:<jane@example.com>')).toBe('250 Accepted');
    await session.send(`RCPT TO:<${CAMPAIGN}>`);
    await session.send('DATA');
    session.write(`${header(200 * 1_024)}\r\n.\r\n`);
    expect(await session.reply()).toMatch(QUEUED);
    expect(edge!.messages().map((message) => message.raw.toString('latin1', 0, 20))).toEqual(['Subject: big header\r']);
    expect(refusals).toEqual(['header_too_large']);
  });

  it('refuses MIME nested over 50 levels with 554 5.6.0', async () => {
    await start({});
    expect(await deliver(nested(5_000))).toBe('554 5.6.0 MIME parts nested too deeply: the limit is 50 levels');
    expect(await deliver(nested(51))).toBe('554 5.6.0 MIME parts nested too deeply: the limit is 50 levels');
    expect(await deliver(nested(50))).toMatch(QUEUED);
    expect(edge!.messages()).toHaveLength(1);
    expect(refusals).toEqual(['mime_too_deep', 'mime_too_deep']);
  });

  it('refuses more than 1,000 MIME parts with 554 5.6.0: the most the parser reads', async () => {
    await start({});
    expect(await deliver(withParts(20_000))).toBe('554 5.6.0 Too many MIME parts: the limit is 1000');
    expect(await deliver(withParts(1_000))).toBe('554 5.6.0 Too many MIME parts: the limit is 1000');
    expect(await deliver(withParts(999))).toMatch(QUEUED);
    expect(refusals).toEqual(['too_many_parts', 'too_many_parts']);
    // The message and its 999 parts are what the pipeline can still read; one more part it cannot.
    const [stored] = edge!.messages();
    await expect(parseMail(stored!.raw)).resolves.toMatchObject({ subject: 'many' });
    await expect(parseMail(Buffer.from(withParts(1_000)))).rejects.toThrow(MailParseError);
  });

  it('leaves no body file behind when a message refused for its parts had already spilled to one', async () => {
    await start({});
    const pad = `${'x'.repeat(998)}\r\n`.repeat(700);
    expect(await deliver(withParts(1_000, pad))).toBe('554 5.6.0 Too many MIME parts: the limit is 1000');
    expect(edge!.messages()).toEqual([]);
    expect(bodyFiles()).toEqual([]);
  });
});

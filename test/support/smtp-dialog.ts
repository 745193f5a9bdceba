import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

/**
 * A bare SMTP client that speaks line by line, so tests can assert the exact reply to each
 * command (nodemailer hides which command failed).
 */
export async function smtpDialog(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let stream: Socket | TLSSocket = socket;
  let buffer = '';
  const replies: string[] = [];
  const waiters: Array<() => void> = [];
  let closed = false;
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let end: number;
    // A reply ends with a line "NNN text" (a space after the code, not a dash).
    while ((end = findReplyEnd(buffer)) !== -1) {
      replies.push(buffer.slice(0, end).trimEnd());
      buffer = buffer.slice(end);
    }
    wakeAll();
  };
  const wakeAll = () => waiters.splice(0).forEach((wake) => wake());
  socket.on('data', onData);
  socket.on('close', () => {
    closed = true;
    wakeAll();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  // A server that drops the connection (a 421) may reset it; the test asserts on replies instead.
  socket.on('error', () => undefined);

  /** Waits, polling at most every 200 ms, until `done` holds or the deadline passes. */
  async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return true;
  }

  async function next(timeoutMs = 10_000): Promise<string> {
    if (!(await until(() => replies.length > 0, timeoutMs))) throw new Error('no SMTP reply');
    return replies.shift()!;
  }

  return {
    greeting: next,
    /** The next reply, for commands written with `write`. */
    reply: next,
    async send(line: string): Promise<string> {
      stream.write(`${line}\r\n`);
      return next();
    },
    /** Writes bytes as they are, with no line ending added and no reply awaited. */
    write(data: string | Buffer): void {
      stream.write(data);
    },
    /** Writes raw bytes (a message body) and waits for the reply to the final dot. */
    async data(body: string | Buffer): Promise<string> {
      stream.write(body);
      stream.write('\r\n.\r\n');
      return next();
    },
    /** STARTTLS, then TLS on the same socket (any certificate: the tests make their own). */
    async startTls(): Promise<string> {
      const reply = await this.send('STARTTLS');
      if (!reply.startsWith('220 ')) return reply;
      socket.off('data', onData);
      const secure = tlsConnect({ socket, rejectUnauthorized: false, servername: 'localhost' });
      await new Promise<void>((resolve, reject) => {
        secure.once('secureConnect', resolve);
        secure.once('error', reject);
      });
      secure.on('data', onData);
      stream = secure;
      return reply;
    },
    /** SHA-256 fingerprint of the certificate the server presented at STARTTLS, if any. */
    peerFingerprint(): string | null {
      return 'getPeerCertificate' in stream ? stream.getPeerCertificate().fingerprint256 : null;
    },
    /** True once the server has closed the connection (within the timeout). */
    async closedByServer(timeoutMs = 10_000): Promise<boolean> {
      return until(() => closed, timeoutMs);
    },
    close(): void {
      stream.end();
    },
  };
}

export type SmtpDialog = Awaited<ReturnType<typeof smtpDialog>>;

function findReplyEnd(buffer: string): number {
  let start = 0;
  for (;;) {
    const newline = buffer.indexOf('\r\n', start);
    if (newline === -1) return -1;
    if (/^\d{3} /.test(buffer.slice(start, newline)) || /^\d{3}$/.test(buffer.slice(start, newline))) return newline + 2;
    start = newline + 2;
  }
}

/** One whole SMTP transaction; returns the reply to the final dot. */
export async function deliverByDialog(input: { port: number; from: string; to: string; message: string }): Promise<string> {
  const dialog = await smtpDialog(input.port);
  try {
    await dialog.greeting();
    await dialog.send('EHLO client.example.com');
    await dialog.send(`MAIL FROM:<${input.from}>`);
    await dialog.send(`RCPT TO:<${input.to}>`);
    await dialog.send('DATA');
    return await dialog.data(input.message);
  } finally {
    dialog.close();
  }
}

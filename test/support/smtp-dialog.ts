import { connect, type Socket } from 'node:net';

/**
 * A bare SMTP client that speaks line by line, so tests can assert the exact reply to each
 * command (nodemailer hides which command failed).
 */
export async function smtpDialog(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffer = '';
  const replies: string[] = [];
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    let end: number;
    // A reply ends with a line "NNN text" (a space after the code, not a dash).
    while ((end = findReplyEnd(buffer)) !== -1) {
      replies.push(buffer.slice(0, end).trimEnd());
      buffer = buffer.slice(end);
      waiters.splice(0).forEach((wake) => wake());
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });

  async function next(): Promise<string> {
    const deadline = Date.now() + 10_000;
    while (replies.length === 0) {
      if (Date.now() > deadline) throw new Error('no SMTP reply');
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return replies.shift()!;
  }

  return {
    greeting: next,
    async send(line: string): Promise<string> {
      socket.write(`${line}\r\n`);
      return next();
    },
    /** Writes raw bytes (a message body) and waits for the reply to the final dot. */
    async data(body: string | Buffer): Promise<string> {
      socket.write(body);
      socket.write('\r\n.\r\n');
      return next();
    },
    close(): void {
      socket.end();
    },
  };
}

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

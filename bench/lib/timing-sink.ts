import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface TimingSink {
  url: string;
  /** performance.now() of the first message accepted for each recipient. */
  firstAt: Map<string, number>;
  /** Messages accepted for each recipient: more than one when someone was written to twice. */
  deliveries: Map<string, number>;
  /** Resolves when `count` recipients have had a message, or after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The loopback relay for the time-to-first-reply part: notes when the agent's reply to each
 * prospect was accepted (the moment it answers 250), keeping nothing else. A few lines of raw
 * SMTP rather than smtp-server, whose greeting waits 100 ms (early-talker detection): a relay
 * such as Postfix greets at once, and that pause would be charged to the service's reply time.
 */
export async function startTimingSink(): Promise<TimingSink> {
  const firstAt = new Map<string, number>();
  const deliveries = new Map<string, number>();
  const sockets = new Set<Socket>();
  let wake: (() => void) | null = null;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    serveSession(socket, (recipients) => {
      const at = performance.now();
      for (const address of recipients) deliveries.set(address, (deliveries.get(address) ?? 0) + 1);
      for (const address of recipients) if (!firstAt.has(address)) firstAt.set(address, at);
      wake?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    firstAt,
    deliveries,
    async waitFor(count, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (firstAt.size < count && performance.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(500, deadline - performance.now()));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Command mode line by line (pipelining just works), data mode until <CRLF>.<CRLF>. */
function serveSession(socket: Socket, accepted: (recipients: string[]) => void): void {
  let buffer = '';
  let inData = false;
  let recipients: string[] = [];
  socket.setEncoding('latin1');
  socket.write('220 sink ESMTP\r\n');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) {
          // Keep only what could be the start of the terminator.
          buffer = buffer.slice(-4);
          return;
        }
        buffer = buffer.slice(end + 5);
        inData = false;
        accepted(recipients);
        recipients = [];
        socket.write('250 2.0.0 accepted\r\n');
        continue;
      }
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') socket.write('250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n');
      else if (verb === 'RCPT') {
        recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        socket.write('250 2.1.5 ok\r\n');
      } else if (verb === 'DATA') {
        inData = true;
        // The terminator may follow the blank line right after DATA's reply; scan from "\r\n".
        buffer = `\r\n${buffer}`;
        socket.write('354 go ahead\r\n');
      } else if (verb === 'QUIT') {
        socket.end('221 bye\r\n');
        return;
      } else socket.write('250 2.0.0 ok\r\n');
    }
  });
}

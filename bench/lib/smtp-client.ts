import { connect, type Socket } from 'node:net';

/** One SMTP reply: the code and the text of its last line. */
export interface Reply {
  code: number;
  text: string;
}

export interface Envelope {
  from: string;
  to: string;
  /** Announce the message's size on MAIL FROM (RFC 1870 SIZE=), as Postfix does to a server offering SIZE. */
  announceSize?: boolean;
}

/**
 * A minimal SMTP client over a raw socket, written once and used against every target so the
 * load generator costs the same everywhere. It pipelines MAIL, RCPT and DATA (RFC 2920; all
 * three targets offer PIPELINING) and reports when the reply to the end of DATA arrives.
 */
export class SmtpClient {
  private buffer = '';
  private lines: string[] = [];
  private readonly waiting: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  private failure: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects and reads the greeting; `localAddress` picks the loopback address the client comes from. */
  static async open(port: number, options: { localAddress?: string; timeoutMs?: number } = {}): Promise<SmtpClient> {
    const socket = connect({ host: '127.0.0.1', port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    // A stuck server must not hang the bench: every socket has an idle limit.
    socket.setTimeout(options.timeoutMs ?? 60_000, () => socket.destroy(new Error('SMTP idle timeout')));
    const client = new SmtpClient(socket);
    expect(await client.reply(), 220, 'greeting');
    expect(await client.send(['EHLO bench.localhost']), 250, 'EHLO');
    return client;
  }

  /**
   * One transaction. Resolves with the final reply (250 when accepted) and the milliseconds
   * from writing the end of DATA to that reply, the accept latency the bench reports.
   */
  async deliver(envelope: Envelope, body: Buffer): Promise<{ reply: Reply; latencyMs: number }> {
    // What the server stores: the body and the CRLF before the final dot (RFC 1870 §6).
    const size = envelope.announceSize ? ` SIZE=${body.length + 2}` : '';
    this.socket.write(`MAIL FROM:<${envelope.from}>${size}\r\nRCPT TO:<${envelope.to}>\r\nDATA\r\n`);
    const [mail, rcpt, data] = [await this.reply(), await this.reply(), await this.reply()];
    if (mail.code !== 250) return this.abandon(mail);
    if (rcpt.code !== 250) return this.abandon(rcpt);
    if (data.code !== 354) return { reply: data, latencyMs: 0 };
    this.socket.write(body);
    this.socket.write('\r\n.\r\n');
    const started = performance.now();
    const reply = await this.reply();
    return { reply, latencyMs: performance.now() - started };
  }

  async quit(): Promise<void> {
    try {
      if (!this.failure) await this.send(['QUIT']);
    } catch {
      // The server may close before or after its 221; either way the session is over.
    } finally {
      this.socket.destroy();
    }
  }

  private async abandon(reply: Reply): Promise<{ reply: Reply; latencyMs: number }> {
    // The pipelined DATA was refused too (503/554); RSET leaves a clean session for the next one.
    await this.send(['RSET']);
    return { reply, latencyMs: 0 };
  }

  private async send(commands: string[]): Promise<Reply> {
    this.socket.write(commands.map((command) => `${command}\r\n`).join(''));
    const replies: Reply[] = [];
    for (let i = 0; i < commands.length; i++) replies.push(await this.reply());
    return replies.at(-1)!;
  }

  private reply(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const ready = this.takeReply();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
    }
    while (this.waiting.length > 0) {
      const reply = this.takeReply();
      if (!reply) break;
      this.waiting.shift()!.resolve(reply);
    }
  }

  /** A reply is complete at its first line with a space after the code ("250 ok", not "250-..."). */
  private takeReply(): Reply | null {
    const last = this.lines.findIndex((line) => line.charAt(3) !== '-');
    if (last < 0) return null;
    const line = this.lines[last]!;
    this.lines = this.lines.slice(last + 1);
    return { code: Number(line.slice(0, 3)), text: line.slice(4) };
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

function expect(reply: Reply, code: number, step: string): void {
  if (reply.code !== code) throw new Error(`${step}: expected ${code}, got ${reply.code} ${reply.text}`);
}

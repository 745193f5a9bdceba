import { createTransport } from 'nodemailer';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutgoingMessage {
  id: number;
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
}

/** The outbound port: one method. Throws on failure; the outbox decides about retries. */
export interface MailSender {
  readonly description: string;
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** Relays through an SMTP server given as a URL (smtp://user:pass@host:port, smtps://...). */
export function createSmtpSender(url: string): MailSender {
  // Pooled: replies go out over a few kept-open sessions instead of one handshake each.
  const pooled = new URL(url);
  pooled.searchParams.set('pool', 'true');
  pooled.searchParams.set('maxConnections', '5');
  const transport = createTransport(pooled.toString());
  const { hostname, port, protocol } = new URL(url);
  return {
    description: `SMTP relay ${protocol}//${hostname}:${port}`,
    async send(message) {
      await transport.sendMail({
        envelope: { from: message.envelopeFrom, to: message.envelopeTo },
        raw: message.raw,
      });
    },
    close: () => transport.close(),
  };
}

/**
 * With no relay configured, mail is written as .eml files that any mail client opens. The file
 * appears under its final name only once complete and on disk.
 */
export function createFileSender(dir: string): MailSender {
  return {
    description: `.eml files in ${dir}`,
    async send(message) {
      await mkdir(dir, { recursive: true });
      const name = `${String(message.id).padStart(8, '0')}.eml`;
      const partial = join(dir, `.${name}.partial`);
      const file = await open(partial, 'w');
      try {
        await file.writeFile(message.raw);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(partial, join(dir, name));
    },
    close: () => undefined,
  };
}

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

/** Where outbound mail goes, in words for the start-up log; the same words the sender reports. */
export function outboundDescription(service: { outboundSmtpUrl: string | null; outboxDir: string }): string {
  return service.outboundSmtpUrl ? relayDescription(service.outboundSmtpUrl) : outboxDescription(service.outboxDir);
}

function relayDescription(url: string): string {
  const { hostname, port, protocol } = new URL(url);
  return `SMTP relay ${protocol}//${hostname}:${port}`;
}

function outboxDescription(dir: string): string {
  return `.eml files in ${dir}`;
}

/** Relays through an SMTP server given as a URL (smtp://user:pass@host:port, smtps://...). */
export function createSmtpSender(url: string): MailSender {
  // Pooled: replies go out over a few kept-open sessions instead of one handshake each.
  const pooled = new URL(url);
  pooled.searchParams.set('pool', 'true');
  pooled.searchParams.set('maxConnections', '5');
  const transport = createTransport(pooled.toString());
  return {
    description: relayDescription(url),
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
    description: outboxDescription(dir),
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

import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { InboundEnvelope } from '../store/spool.js';

export interface ListenerDeps {
  /** The campaign a recipient belongs to (bare or +token address), or null. */
  campaignFor(recipient: string): string | null;
  /** Stores the message durably; must throw rather than return if it did not reach the disk. */
  accept(envelopes: InboundEnvelope[]): number[];
  /** Called after 250, to wake the worker. */
  accepted(ids: number[]): void;
  now(): number;
  logger: Logger;
}

export interface ListenerOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  /** Name announced in the greeting and EHLO. */
  name: string;
}

export interface Listener {
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
  readonly listening: boolean;
}

/** An SMTP error with the reply code smtp-server sends for it. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The inbound SMTP edge: accepts mail only for campaign addresses and answers 250 only once
 * the raw message is durably stored. Nothing slow happens before that answer.
 */
export function createListener(deps: ListenerDeps, options: ListenerOptions): Listener {
  let listening = false;
  const server = new SMTPServer({
    name: options.name,
    banner: 'campaign-agent ESMTP',
    size: options.maxMessageBytes,
    authOptional: true,
    // STARTTLS and AUTH need a configured certificate and users; until then they are not offered,
    // so the library's built-in test certificate is never used.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (deps.campaignFor(address.address)) return callback();
      callback(smtpError(550, `5.1.1 <${address.address}>: no such campaign address here`));
    },
    onData(stream, session, callback) {
      receive(stream, session, deps, options).then(
        (message) => callback(null, message),
        (error: Error & { responseCode?: number }) => callback(error),
      );
    },
  });
  server.on('error', (error) => deps.logger.error({ err: error }, 'smtp server error'));

  return {
    get listening() {
      return listening;
    },
    listen: () =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.server.off('error', reject);
          listening = true;
          const address = server.server.address() as AddressInfo;
          resolve({ host: address.address, port: address.port });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        listening = false;
        server.close(() => resolve());
      }),
  };
}

async function receive(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  deps: ListenerDeps,
  options: ListenerOptions,
): Promise<string> {
  const chunks: Buffer[] = [];
  // Past the limit the rest is drained, not kept: an oversized message must not fill memory.
  for await (const chunk of stream) if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) {
    throw smtpError(552, `5.3.4 Message too big: the limit is ${options.maxMessageBytes} bytes`);
  }
  const raw = Buffer.concat(chunks);
  const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
  const byCampaign = new Map<string, string[]>();
  for (const recipient of recipients) {
    const campaign = deps.campaignFor(recipient);
    if (campaign) byCampaign.set(campaign, [...(byCampaign.get(campaign) ?? []), recipient]);
  }
  const mailFrom = session.envelope.mailFrom;
  const envelopes = [...byCampaign].map(([campaign, envelopeTo]) => ({
    campaign,
    envelopeFrom: mailFrom ? mailFrom.address : null,
    envelopeTo,
    remoteAddress: session.remoteAddress,
    helo: session.hostNameAppearsAs,
    raw,
    receivedAt: deps.now(),
  }));
  let ids: number[];
  try {
    ids = deps.accept(envelopes);
  } catch (error) {
    deps.logger.error({ err: error, session: session.id }, 'could not store inbound message');
    throw smtpError(451, '4.3.0 Temporary storage failure, please try again later');
  }
  deps.logger.info({ session: session.id, messages: ids, size: raw.length, campaigns: [...byCampaign.keys()] }, 'message accepted');
  deps.accepted(ids);
  return `2.0.0 Queued as ${ids.join(',')}`;
}

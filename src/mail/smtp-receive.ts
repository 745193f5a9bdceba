import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { InboundEnvelope } from '../store/spool.js';
import type { ListenerDeps } from './listener.js';
import { smtpError } from './smtp-limits.js';

/**
 * Reads one message and stores it; resolves with the text of the 250 only once the store has
 * it on disk. The bytes are kept exactly as received: smtp-server ends DATA only at
 * <CRLF>.<CRLF>, so a bare-LF dot line ("\n.\n", "\r\n.\n") is message content, never the end
 * of the message, and the commands after it are data of this one message (no smuggling).
 * Long body lines are accepted as they are (RFC 5321's 1000-octet line limit is widely
 * exceeded by real clients); the size limit is what bounds memory.
 */
export async function receive(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  deps: ListenerDeps,
  maxMessageBytes: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  // Past the limit the rest is drained, not kept: an oversized message must not fill memory.
  for await (const chunk of stream) if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) {
    deps.refused?.('too_large');
    throw smtpError(552, `5.3.4 Message too big: the limit is ${maxMessageBytes} bytes`);
  }
  const raw = Buffer.concat(chunks);
  const envelopes = envelopesByCampaign(raw, session, deps);
  let ids: number[];
  try {
    ids = deps.accept(envelopes);
  } catch (error) {
    deps.logger.error({ err: error, session: session.id }, 'could not store inbound message');
    deps.refused?.('spool_failed');
    throw smtpError(451, '4.3.0 Temporary storage failure, please try again later');
  }
  deps.logger.info(
    { session: session.id, messages: ids, size: raw.length, campaigns: envelopes.map((envelope) => envelope.campaign), user: session.user },
    'message accepted',
  );
  deps.accepted(ids, envelopes.map((envelope) => envelope.campaign));
  return `2.0.0 Queued as ${ids.join(',')}`;
}

/** One stored copy per campaign the message was addressed to. */
function envelopesByCampaign(raw: Buffer, session: SMTPServerSession, deps: ListenerDeps): InboundEnvelope[] {
  const byCampaign = new Map<string, string[]>();
  for (const { address } of session.envelope.rcptTo) {
    const campaign = deps.campaignFor(address);
    if (campaign) byCampaign.set(campaign, [...(byCampaign.get(campaign) ?? []), address]);
  }
  const mailFrom = session.envelope.mailFrom;
  const receivedAt = deps.now();
  return [...byCampaign].map(([campaign, envelopeTo]) => ({
    campaign,
    envelopeFrom: mailFrom ? mailFrom.address : null,
    envelopeTo,
    remoteAddress: session.remoteAddress,
    helo: session.hostNameAppearsAs,
    raw,
    receivedAt,
  }));
}

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
  const raw = await readMessage(stream, expectedRoom(session, maxMessageBytes), maxMessageBytes);
  if (!raw) {
    deps.refused?.('too_large');
    throw smtpError(552, `5.3.4 Message too big: the limit is ${maxMessageBytes} bytes`);
  }
  const envelopes = envelopesByCampaign(raw, session, deps);
  let ids: number[];
  try {
    ids = await deps.accept(envelopes);
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

/**
 * Up to this size a message is kept as the chunks it arrived in and joined once at the end, a
 * brief second copy of at most this much. Past it, what came so far moves into one buffer with
 * room for the whole message and the rest lands there as it arrives, so a large message is held
 * once. allocUnsafe leaves that buffer's pages untouched until data lands in them: room no data
 * reaches costs address space, not memory.
 */
const JOIN_UP_TO_BYTES = 256 * 1024;

/**
 * Room for a message past JOIN_UP_TO_BYTES: the SIZE= announced on MAIL FROM (Postfix and the
 * large providers announce it) with a margin, since RFC 1870 makes it the client's estimate; else
 * the size limit. The whole room counts as V8 external memory, which paces garbage collection:
 * sized to the message, a burst of medium messages does not force collections.
 */
function expectedRoom(session: SMTPServerSession, maxMessageBytes: number): number {
  const args = session.envelope.mailFrom ? session.envelope.mailFrom.args : false;
  // smtp-server has checked the syntax, and refused a SIZE over the limit, at MAIL FROM.
  const announced = args && args.SIZE ? Number(args.SIZE) : maxMessageBytes;
  return Math.min(maxMessageBytes, announced + Math.ceil(announced / 16) + 64 * 1024);
}

/** The message as one Buffer, or null past the size limit. */
async function readMessage(stream: SMTPServerDataStream, room: number, maxMessageBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let large: Buffer | null = null;
  let length = 0;
  let tooLarge = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Past the limit the rest is drained, not kept: an oversized message must not fill memory.
    tooLarge ||= stream.sizeExceeded || length + chunk.length > maxMessageBytes;
    if (tooLarge) continue;
    if (large) {
      // Bigger than announced: one more move, into room for the largest message allowed.
      if (length + chunk.length > large.length) large = moveInto(Buffer.allocUnsafe(maxMessageBytes), [large.subarray(0, length)]);
      length += chunk.copy(large, length);
      continue;
    }
    chunks.push(chunk);
    length += chunk.length;
    if (length > JOIN_UP_TO_BYTES) large = moveInto(Buffer.allocUnsafe(length > room ? maxMessageBytes : room), chunks.splice(0));
  }
  if (tooLarge) return null;
  return large ? large.subarray(0, length) : Buffer.concat(chunks, length);
}

function moveInto(target: Buffer, parts: Buffer[]): Buffer {
  let at = 0;
  for (const part of parts) at += part.copy(target, at);
  return target;
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

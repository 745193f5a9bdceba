import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { storedSize, type BodyFileWriter, type InboundEnvelope, type StoredRaw } from '../inbound-envelope.js';
import type { ListenerDeps } from './listener.js';
import { smtpError } from './limits.js';
import { createMimeScan, MIME_LIMITS, type MimeViolation } from './mime-limits.js';

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
  const read = await readMessage(stream, deps, maxMessageBytes);
  if (typeof read === 'string') {
    deps.refused?.(read);
    throw refusal(read, maxMessageBytes);
  }
  if (read instanceof Error) return refuseUnstored(read, session, deps);
  const envelopes = envelopesByCampaign(read, session, deps);
  let ids: number[];
  try {
    ids = await deps.accept(envelopes);
  } catch (error) {
    // A body file already written stays until the start-up sweep: no row names it.
    return refuseUnstored(error as Error, session, deps);
  }
  deps.logger.info(
    { session: session.id, messages: ids, size: storedSize(read), campaigns: envelopes.map((envelope) => envelope.campaign), user: session.user },
    'message accepted',
  );
  deps.accepted(ids, envelopes.map((envelope) => envelope.campaign));
  return `2.0.0 Queued as ${ids.join(',')}`;
}

type Refusal = 'too_large' | MimeViolation;

// Permanent: the same message sent again breaks the same limit.
function refusal(reason: Refusal, maxMessageBytes: number): Error {
  switch (reason) {
    case 'too_large':
      return smtpError(552, `5.3.4 Message too big: the limit is ${maxMessageBytes} bytes`);
    case 'header_too_large':
      return smtpError(552, `5.3.4 Message header too big: the limit is ${MIME_LIMITS.maxHeaderBytes} bytes`);
    case 'mime_too_deep':
      return smtpError(554, `5.6.0 MIME parts nested too deeply: the limit is ${MIME_LIMITS.maxDepth} levels`);
    case 'too_many_parts':
      return smtpError(554, `5.6.0 Too many MIME parts: the limit is ${MIME_LIMITS.maxParts}`);
  }
}

function refuseUnstored(error: Error, session: SMTPServerSession, deps: ListenerDeps): never {
  deps.logger.error({ err: error, session: session.id }, 'could not store inbound message');
  deps.refused?.('spool_failed');
  throw smtpError(451, '4.3.0 Temporary storage failure, please try again later');
}

/**
 * Up to this size a message is kept as the chunks it arrived in, joined once at the end and
 * stored in its database row, where messages finishing together share one commit (and one
 * fsync). Past it, what came so far and everything after goes into a body file as it arrives, so
 * a large message is never held in memory whole. Not lower: a new file costs its own fsync and
 * its folder's, measured slower than the shared commit for 200 KB messages.
 */
const IN_ROW_UP_TO_BYTES = 512 * 1024;

/**
 * The message as stored bytes; the limit it broke (its size or its MIME structure); an Error
 * when a body file could not be written (the rest of the message is still read, so the client
 * gets a clean 451).
 */
async function readMessage(stream: SMTPServerDataStream, deps: ListenerDeps, maxMessageBytes: number): Promise<StoredRaw | Refusal | Error> {
  const chunks: Buffer[] = [];
  const mime = createMimeScan();
  let length = 0;
  let file: BodyFileWriter | null = null;
  let failure: Error | null = null;
  let refused: Refusal | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Past a limit the rest is drained, not kept: a refused message must not fill memory.
      if (refused || failure) continue;
      refused = stream.sizeExceeded || length + chunk.length > maxMessageBytes ? 'too_large' : mime.push(chunk);
      if (refused) continue;
      length += chunk.length;
      if (!file) chunks.push(chunk);
      try {
        if (file) await file.write(chunk);
        else if (length > IN_ROW_UP_TO_BYTES) file = await spill(deps, chunks);
      } catch (error) {
        failure = error as Error;
      }
    }
  } catch (error) {
    await file?.discard();
    throw error;
  }
  if (refused || failure) {
    await file?.discard();
    return failure ?? refused!;
  }
  if (!file) return { bytes: Buffer.concat(chunks, length) };
  try {
    return await file.finish();
  } catch (error) {
    await file.discard();
    return error as Error;
  }
}

/** Starts the body file with the chunks kept so far; null when the store keeps every message in a row. */
async function spill(deps: ListenerDeps, chunks: Buffer[]): Promise<BodyFileWriter | null> {
  const creating = deps.createBodyFile?.() ?? null;
  if (!creating) return null;
  const file = await creating;
  try {
    // One write, not one per chunk: each write is a trip to libuv's thread pool.
    await file.write(Buffer.concat(chunks.splice(0)));
  } catch (error) {
    await file.discard();
    throw error;
  }
  return file;
}

/** One stored copy per campaign the message was addressed to. */
function envelopesByCampaign(raw: StoredRaw, session: SMTPServerSession, deps: ListenerDeps): InboundEnvelope[] {
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

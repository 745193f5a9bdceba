import type { OutboundKind, QueuedMail } from '../outbox.js';

export interface OutboxRow {
  id: number;
  campaign: string;
  conversation_id: number | null;
  kind: OutboundKind;
  message_id: string;
  envelope_from: string;
  envelope_to: string;
  subject: string;
  visible_text: string;
  raw: Buffer;
  attempts: number;
}

export const QUEUED_COLUMNS = 'id, campaign, conversation_id, kind, message_id, envelope_from, envelope_to, subject, visible_text, raw, attempts';

const TO_PROSPECT: ReadonlySet<OutboundKind> = new Set(['reply', 'confirmation']);

const MAX_ATTEMPTS = 8;

export function queuedMail(row: OutboxRow): QueuedMail {
  return {
    id: row.id,
    campaign: row.campaign,
    conversationId: row.conversation_id,
    kind: row.kind,
    messageId: row.message_id,
    envelopeFrom: row.envelope_from,
    envelopeTo: JSON.parse(row.envelope_to) as string[],
    subject: row.subject,
    text: row.visible_text,
    raw: row.raw,
    attempts: row.attempts,
  };
}

/** Mail that answers the prospect in their conversation: once sent, the lead has had its first reply. */
export function answersProspect(mail: QueuedMail): mail is QueuedMail & { conversationId: number } {
  return TO_PROSPECT.has(mail.kind) && mail.conversationId !== null;
}

/**
 * When to try again after the given number of failed attempts: backs off exponentially (30 s,
 * 1 min, 2 min ...); null once MAX_ATTEMPTS have failed, and the mail is given up.
 */
export function retryAt(attempts: number, now: number): number | null {
  return attempts >= MAX_ATTEMPTS ? null : now + 30_000 * 2 ** (attempts - 1);
}

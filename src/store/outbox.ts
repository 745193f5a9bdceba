import type { Claimant } from './spool.js';

/**
 * What an outbound mail is for; mail to the prospect counts as the agent's reply. forward: the
 * unchanged copy of an inbound message for the campaign's CRM or shared inbox.
 */
export type OutboundKind = 'reply' | 'confirmation' | 'host_brief' | 'handoff' | 'forward' | 'reminder';

export interface OutboundMail {
  campaign: string;
  conversationId: number | null;
  kind: OutboundKind;
  messageId: string;
  envelopeFrom: string;
  envelopeTo: string[];
  subject: string;
  /** The plain text body, kept readable for briefs and `explain`. */
  text: string;
  raw: Buffer;
}

export interface QueuedMail extends OutboundMail {
  id: number;
  attempts: number;
}

/**
 * Outbound mail is queued in the same transaction as the decision that produced it and sent
 * afterwards, so a crash can never lose a reply nor make the pipeline write it twice.
 */
export interface Outbox {
  queue(mail: OutboundMail, now: number): Promise<number>;
  /** Whether a mail with this (service-chosen) Message-ID was queued already: retries must not queue it twice. */
  has(messageId: string): Promise<boolean>;
  /**
   * Takes the oldest due mail nobody is sending (no claim, or one whose lease ran out): a mail
   * is sent by one worker of one node at a time.
   */
  claimNext(now: number, claimant: Claimant): Promise<QueuedMail | null>;
  /** Sent; mail to the prospect also marks the lead's first reply. The claim ends. */
  markSent(mail: QueuedMail, now: number): Promise<void>;
  /** Backs off exponentially (30 s, 1 min, 2 min ...); gives up after a few attempts. The claim ends. */
  markAttemptFailed(mail: QueuedMail, error: string, now: number): Promise<'retry' | 'failed'>;
}

import type { BodyFileWriter, InboundEnvelope } from '../mail/inbound-envelope.js';
import type { RawMessage } from '../mail/raw-message.js';

export interface SpooledMessage extends Omit<InboundEnvelope, 'raw'> {
  id: number;
  attempts: number;
  raw: RawMessage;
}

/**
 * A message the pipeline could not finish: `retrying` waits for its next attempt, `handed_off`
 * went to a person after the last one, `failed` failed before retries existed (0.x databases).
 */
export interface FailedMessage {
  id: number;
  campaign: string;
  receivedAt: string;
  from: string | null;
  attempts: number;
  status: 'retrying' | 'handed_off' | 'failed';
  /** When the next attempt is due (retrying only), ISO 8601. */
  nextAttemptAt: string | null;
  error: string;
}

/** The inbound queue at a glance: what /healthz and /metrics report. */
export interface SpoolBacklog {
  /** Messages received or being processed, those waiting for a retry included. */
  pending: number;
  /** Messages that failed and wait for their next attempt. */
  retrying: number;
  /** Messages left failed by a version without retries, waiting for `campaign-agent retry`. */
  failed: number;
  /** When the oldest pending message was received (epoch ms), or null when none waits. */
  oldestPendingAt: number | null;
}

/**
 * The durable inbound spool. `accept` returns, and `acceptGrouped` resolves, only once the
 * message is committed durably: that is what lets the listener answer 250.
 */
export interface Spool {
  /** Stores one copy per campaign the message was addressed to; all or nothing. */
  accept(envelopes: InboundEnvelope[]): Promise<number[]>;
  /**
   * The same, in a commit (one fsync) shared with the messages accepted around it; resolves
   * once that commit is durable. For the SMTP listener, where many sessions finish DATA at once.
   */
  acceptGrouped(envelopes: InboundEnvelope[]): Promise<number[]>;
  /** Takes the oldest message due by `now`; concurrent workers never get the same one. */
  claimNext(now: number): Promise<SpooledMessage | null>;
  /** Takes one given message, if nobody else has taken it yet. */
  claimById(id: number): Promise<SpooledMessage | null>;
  /** Messages a dead worker left half-done go back to the queue on start-up. */
  requeueInterrupted(): Promise<number>;
  /** Messages that failed (retrying, handed off after failing, or failed), newest first, with why. */
  listFailed(limit?: number): Promise<FailedMessage[]>;
  /** A failed message is due again now, its failure kept until it is processed. */
  requeueFailed(id: number): Promise<boolean>;
  /** The attempt failed: the message waits until `retryAt`, then is claimed again. */
  retryLater(id: number, error: string, retryAt: number): Promise<void>;
  /** The last attempt failed and a person has the message; kept, with why, for `retry`. */
  markHandedOff(id: number, error: string, now: number): Promise<void>;
  /**
   * A body file to write a large message into as it arrives, then to `accept` by name; null
   * when this store keeps no files, and every message stays in a row.
   */
  createBodyFile(): Promise<BodyFileWriter> | null;
  /** Removes body files left by messages that never got their 250. */
  sweepBodyFiles(now: number): Promise<number>;
  backlog(): Promise<SpoolBacklog>;
}

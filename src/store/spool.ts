import type { BodyFileWriter, InboundEnvelope } from '../mail/inbound-envelope.js';
import type { RawMessage } from '../mail/raw-message.js';

export interface SpooledMessage extends Omit<InboundEnvelope, 'raw'> {
  id: number;
  attempts: number;
  raw: RawMessage;
}

export interface FailedMessage {
  id: number;
  campaign: string;
  receivedAt: string;
  from: string | null;
  attempts: number;
  error: string;
}

/** The inbound queue at a glance: what /healthz and /metrics report. */
export interface SpoolBacklog {
  /** Messages received or being processed. */
  pending: number;
  /** Messages the pipeline gave up on, waiting for `campaign-agent failed retry`. */
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
  accept(envelopes: InboundEnvelope[]): number[];
  /**
   * The same, in a commit (one fsync) shared with the messages accepted around it; resolves
   * once that commit is durable. For the SMTP listener, where many sessions finish DATA at once.
   */
  acceptGrouped(envelopes: InboundEnvelope[]): Promise<number[]>;
  /** Takes the oldest waiting message; concurrent workers never get the same one. */
  claimNext(): SpooledMessage | null;
  /** Takes one given message, if nobody else has taken it yet. */
  claimById(id: number): SpooledMessage | null;
  /** Messages a dead worker left half-done go back to the queue on start-up. */
  requeueInterrupted(): number;
  /** Failed inbound messages, newest first, with why they failed. */
  listFailed(limit?: number): FailedMessage[];
  /** A failed message goes back to the queue, its failure kept until it is processed. */
  requeueFailed(id: number): boolean;
  markFailed(id: number, error: string, now: number): void;
  /**
   * A body file to write a large message into as it arrives, then to `accept` by name; null
   * when this store keeps no files, and every message stays in a row.
   */
  createBodyFile(): Promise<BodyFileWriter> | null;
  /** Removes body files left by messages that never got their 250. */
  sweepBodyFiles(now: number): number;
  backlog(): SpoolBacklog;
}

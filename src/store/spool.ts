import type { BodyFileWriter, InboundEnvelope } from '../mail/inbound-envelope.js';
import type { RawMessage } from '../mail/raw-message.js';

export interface SpooledMessage extends Omit<InboundEnvelope, 'raw'> {
  id: number;
  /** Counts the claims, so it also names this one: what a worker finishes is fenced by it. */
  attempts: number;
  raw: RawMessage;
}

/**
 * Who takes a message, and how long the claim holds without a renewal. Many workers on many
 * nodes share one queue: a claim is never reset by another node, only taken over once its lease
 * ran out (its node died, or stalled past the lease).
 */
export interface Claimant {
  /** Stable across the node's restarts, so a restarted node takes its own claims back at once. */
  node: string;
  leaseMs: number;
}

/** For a message taken by hand (`replay`, a test) rather than by a worker's loop. */
export const BY_HAND: Claimant = { node: 'by-hand', leaseMs: 10 * 60_000 };

/**
 * The message's claim passed to another worker (this one's lease ran out): what this worker
 * decided must not land. Thrown inside the transaction that would have closed the message.
 */
export class ClaimLost extends Error {
  constructor(readonly messageId: number) {
    super(`message ${messageId} was taken over by another worker (its lease ran out)`);
    this.name = 'ClaimLost';
  }
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
  /**
   * Takes the oldest message due by `now`, or one whose claim's lease ran out; concurrent
   * workers, on any node, never get the same one.
   */
  claimNext(now: number, claimant: Claimant): Promise<SpooledMessage | null>;
  /** Takes one given message, if it is waiting or its claim's lease ran out. */
  claimById(id: number, now: number, claimant: Claimant): Promise<SpooledMessage | null>;
  /**
   * The heartbeat: extends the leases of these messages that this node still holds. Returns
   * the ids another worker holds now (took over); one this worker finished meanwhile is not.
   */
  renewLeases(ids: readonly number[], now: number, claimant: Claimant): Promise<number[]>;
  /**
   * At a node's start: the messages its previous run claimed (it died) go back to the queue at
   * once. Other nodes' claims are left to their leases.
   */
  releaseClaims(node: string): Promise<number>;
  /** Messages that failed (retrying, handed off after failing, or failed), newest first, with why. */
  listFailed(limit?: number): Promise<FailedMessage[]>;
  /** A failed message is due again now, its failure kept until it is processed. */
  requeueFailed(id: number): Promise<boolean>;
  /**
   * The attempt (the claim `attempt`, SpooledMessage.attempts) failed: the message waits until
   * `retryAt`, then is claimed again. False, and nothing changed, when the claim was lost.
   */
  retryLater(id: number, attempt: number, error: string, retryAt: number): Promise<boolean>;
  /**
   * The last attempt failed and a person has the message; kept, with why, for `retry`. Throws
   * ClaimLost when the claim `attempt` was lost, so the hand-off queued with it does not land.
   */
  markHandedOff(id: number, attempt: number, error: string, now: number): Promise<void>;
  /**
   * A body file to write a large message into as it arrives, then to `accept` by name; null
   * when this store keeps no files, and every message stays in a row.
   */
  createBodyFile(): Promise<BodyFileWriter> | null;
  /**
   * Calls `arrived` when a message was accepted by another process's listener (PostgreSQL:
   * LISTEN/NOTIFY, sent with the accepting commit), so a worker starts on it at once rather than
   * at its next poll. Engines that cannot tell (SQLite) never call it: workers poll anyway.
   * Resolves with the way to stop watching.
   */
  watch(arrived: () => void): Promise<() => Promise<void>>;
  /** Removes body files left by messages that never got their 250. */
  sweepBodyFiles(now: number): Promise<number>;
  backlog(): Promise<SpoolBacklog>;
}

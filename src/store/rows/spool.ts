import type { RawMessage } from '../../mail/raw-message.js';
import type { SpoolBacklog, SpooledMessage } from '../spool.js';

/** An inbound message as a claim returns it; its bytes are read apart (message_bodies). */
export interface SpoolRow {
  id: number;
  campaign: string;
  envelope_from: string | null;
  envelope_to: string;
  remote_address: string | null;
  helo: string | null;
  size: number;
  created_at: string;
  attempts: number;
}

export const CLAIMED_COLUMNS = 'id, campaign, envelope_from, envelope_to, remote_address, helo, size, created_at, attempts';

/** A body (a file, or chunks) no row names this long after it was last written is a message that never got its 250. */
export const ORPHAN_AFTER_MS = 60 * 60_000;

/** SQLite's sum() over no rows is NULL: an empty spool. */
export interface BacklogRow {
  pending: number | null;
  retrying: number | null;
  failed: number | null;
  oldest: string | null;
}

export function spooledMessage(row: SpoolRow, raw: RawMessage): SpooledMessage {
  return {
    id: row.id,
    campaign: row.campaign,
    envelopeFrom: row.envelope_from,
    envelopeTo: JSON.parse(row.envelope_to) as string[],
    remoteAddress: row.remote_address,
    helo: row.helo,
    raw,
    receivedAt: Date.parse(row.created_at),
    attempts: row.attempts,
  };
}

export function spoolBacklog(row: BacklogRow): SpoolBacklog {
  return {
    pending: row.pending ?? 0,
    retrying: row.retrying ?? 0,
    failed: row.failed ?? 0,
    oldestPendingAt: row.oldest === null ? null : Date.parse(row.oldest),
  };
}

export function missingBytes(row: SpoolRow, why: string): Error {
  return new Error(`message ${row.id}: its bytes are missing (${why})`);
}

/** A row whose bytes cannot be found: reading it fails with a message that says why. */
export function missingRaw(row: SpoolRow, why: string): RawMessage {
  return {
    size: row.size,
    stream: () => {
      throw missingBytes(row, why);
    },
    bytes: () => Promise.reject(missingBytes(row, why)),
  };
}

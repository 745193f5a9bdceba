import type { Db } from './database.js';
import { iso } from './database.js';
import { createGroupCommit } from './group-commit.js';

/** A raw inbound message as the SMTP edge (or `replay`) hands it over. */
export interface InboundEnvelope {
  campaign: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  remoteAddress: string | null;
  helo: string | null;
  raw: Buffer;
  receivedAt: number;
}

export interface SpooledMessage extends InboundEnvelope {
  id: number;
  attempts: number;
}

interface SpoolRow {
  id: number;
  campaign: string;
  envelope_from: string | null;
  envelope_to: string;
  remote_address: string | null;
  helo: string | null;
  raw: Buffer;
  created_at: string;
  attempts: number;
}

/**
 * The durable inbound spool. `accept` returns, and `acceptGrouped` resolves, only after SQLite
 * has committed the raw bytes with synchronous=FULL, which is what lets the listener answer 250.
 */
export function createSpool(db: Db) {
  const insert = db.prepare(`INSERT INTO messages
    (direction, campaign, envelope_from, envelope_to, remote_address, helo, raw, size, created_at, status)
    VALUES ('in', @campaign, @envelopeFrom, @envelopeTo, @remoteAddress, @helo, @raw, @size, @createdAt, 'received')`);
  const waiting = db.prepare(`SELECT 1 FROM messages WHERE direction = 'in' AND status = 'received' LIMIT 1`);
  const claim = db.prepare(`UPDATE messages SET status = 'processing', attempts = attempts + 1
    WHERE id = (SELECT id FROM messages WHERE direction = 'in' AND status = 'received' ORDER BY id LIMIT 1)
    RETURNING id, campaign, envelope_from, envelope_to, remote_address, helo, raw, created_at, attempts`);

  // A message for several campaigns is one `raw` Buffer bound once per insert. Each insert still
  // copies it twice while it runs (better-sqlite3 binds with SQLITE_TRANSIENT, then SQLite builds
  // the record), one insert at a time.
  const accept = db.transaction((envelopes: InboundEnvelope[]): number[] =>
    envelopes.map((envelope) =>
      Number(
        insert.run({
          campaign: envelope.campaign,
          envelopeFrom: envelope.envelopeFrom,
          envelopeTo: JSON.stringify(envelope.envelopeTo),
          remoteAddress: envelope.remoteAddress,
          helo: envelope.helo,
          raw: envelope.raw,
          size: envelope.raw.length,
          createdAt: iso(envelope.receivedAt),
        }).lastInsertRowid,
      ),
    ),
  );

  return {
    /** Stores one copy per campaign the message was addressed to; all or nothing. */
    accept,

    /**
     * The same, in a commit (one fsync) shared with the messages accepted around it, see
     * group-commit.ts; resolves once that commit is on disk. For the SMTP listener, where many
     * sessions finish DATA at once.
     */
    acceptGrouped: createGroupCommit(db, accept),

    /** Takes the oldest waiting message; concurrent workers never get the same one. */
    claimNext(): SpooledMessage | null {
      // The idle worker polls: a read answers "nothing waiting" without taking SQLite's write
      // lock, which the listener's commits would otherwise have to wait for.
      if (waiting.get() === undefined) return null;
      const row = claim.get() as SpoolRow | undefined;
      return row ? fromRow(row) : null;
    },

    /** Takes one given message, if nobody else has taken it yet. */
    claimById(id: number): SpooledMessage | null {
      const row = db
        .prepare(`UPDATE messages SET status = 'processing', attempts = attempts + 1
          WHERE id = ? AND direction = 'in' AND status = 'received'
          RETURNING id, campaign, envelope_from, envelope_to, remote_address, helo, raw, created_at, attempts`)
        .get(id) as SpoolRow | undefined;
      return row ? fromRow(row) : null;
    },

    /** Messages a dead worker left half-done go back to the queue on start-up. */
    requeueInterrupted(): number {
      return db
        .prepare(`UPDATE messages SET status = 'received' WHERE direction = 'in' AND status = 'processing'`)
        .run().changes;
    },

    /** Failed inbound messages, newest first, with why they failed. */
    listFailed(limit = 100): Array<{ id: number; campaign: string; receivedAt: string; from: string | null; attempts: number; error: string }> {
      return db
        .prepare(`SELECT id, campaign, created_at AS receivedAt, coalesce(from_address, envelope_from) AS "from", attempts, error
          FROM messages WHERE direction = 'in' AND status = 'failed' ORDER BY id DESC LIMIT ?`)
        .all(limit) as Array<{ id: number; campaign: string; receivedAt: string; from: string | null; attempts: number; error: string }>;
    },

    /** A failed message goes back to the queue, its failure kept until it is processed. */
    requeueFailed(id: number): boolean {
      return (
        db.prepare(`UPDATE messages SET status = 'received' WHERE id = ? AND direction = 'in' AND status = 'failed'`).run(id).changes > 0
      );
    },

    markFailed(id: number, error: string, now: number): void {
      db.prepare(`UPDATE messages SET status = 'failed', error = ?, done_at = ? WHERE id = ?`).run(
        error,
        iso(now),
        id,
      );
    },

    pendingCount(): number {
      return db
        .prepare(`SELECT count(*) FROM messages WHERE direction = 'in' AND status IN ('received', 'processing')`)
        .pluck()
        .get() as number;
    },
  };
}

export type Spool = ReturnType<typeof createSpool>;

function fromRow(row: SpoolRow): SpooledMessage {
  return {
    id: row.id,
    campaign: row.campaign,
    envelopeFrom: row.envelope_from,
    envelopeTo: JSON.parse(row.envelope_to) as string[],
    remoteAddress: row.remote_address,
    helo: row.helo,
    raw: row.raw,
    receivedAt: Date.parse(row.created_at),
    attempts: row.attempts,
  };
}

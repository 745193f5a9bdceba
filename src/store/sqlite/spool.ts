import type { Db } from './database.js';
import type { BodyFiles } from './body-files.js';
import { createGroupCommit } from './group-commit.js';
import { storedSize, type BodyFileWriter, type InboundEnvelope } from '../../mail/inbound-envelope.js';
import { rawFromBuffer, type RawMessage } from '../../mail/raw-message.js';
import { ClaimLost, type Claimant, type FailedMessage, type SpoolBacklog, type SpooledMessage, type Spool } from '../spool.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { CLAIMED_COLUMNS, ORPHAN_AFTER_MS, missingRaw, spoolBacklog, spooledMessage, type BacklogRow, type SpoolRow } from '../rows/spool.js';

/**
 * The durable inbound spool. `accept` returns, and `acceptGrouped` resolves, only after SQLite
 * has committed the message with synchronous=FULL, which is what lets the listener answer 250.
 * A message's bytes are in `message_bodies`, or in a body file (`bodies`) that was on disk
 * before its row was written.
 */
export function createSpool(
  db: Db,
  bodies: BodyFiles | null,
  idle: () => Promise<void> | null = () => null,
): Synchronous<Spool, 'acceptGrouped' | 'createBodyFile' | 'watch'> {
  const insert = db.prepare(`INSERT INTO messages
    (direction, campaign, envelope_from, envelope_to, remote_address, helo, raw, size, created_at, status)
    VALUES ('in', @campaign, @envelopeFrom, @envelopeTo, @remoteAddress, @helo, X'', @size, @createdAt, 'received')`);
  const insertBody = db.prepare(`INSERT INTO message_bodies (message_id, raw, file) VALUES (?, ?, ?)`);
  const body = db.prepare(`SELECT raw, file FROM message_bodies WHERE message_id = ?`);
  const fileReferenced = db.prepare(`SELECT 1 FROM message_bodies WHERE file = ?`).pluck();
  // A retry waits in `received` with its due time in next_attempt_at (null: due at once); a
  // claim whose lease ran out (its worker died or stalled) is free again.
  const EXPIRED = `status = 'processing' AND (lease_until IS NULL OR lease_until < @now)`;
  const DUE = `direction = 'in' AND ((status = 'received' AND (next_attempt_at IS NULL OR next_attempt_at <= @now)) OR (${EXPIRED}))`;
  const waiting = db.prepare(`SELECT 1 FROM messages WHERE ${DUE} LIMIT 1`);
  const CLAIM = `status = 'processing', attempts = attempts + 1, claimed_by = @node, lease_until = @until`;
  const claim = db.prepare(`UPDATE messages SET ${CLAIM}
    WHERE id = (SELECT id FROM messages WHERE ${DUE} ORDER BY id LIMIT 1)
    RETURNING ${CLAIMED_COLUMNS}`);
  const backlog = db.prepare(`SELECT sum(status <> 'failed') AS pending, sum(status = 'failed') AS failed,
    sum(status = 'received' AND next_attempt_at IS NOT NULL) AS retrying,
    min(CASE WHEN status <> 'failed' THEN created_at END) AS oldest
    FROM messages WHERE direction = 'in' AND status IN ('received', 'processing', 'failed')`);
  // What a worker finishes is fenced by its claim: a worker whose lease ran out changes nothing.
  const HELD = `id = @id AND direction = 'in' AND status = 'processing' AND attempts = @attempt`;
  const retryLater = db.prepare(`UPDATE messages SET status = 'received', error = @error, next_attempt_at = @retryAt,
    claimed_by = NULL, lease_until = NULL WHERE ${HELD}`);
  const handedOff = db.prepare(`UPDATE messages SET status = 'handed_off', error = @error, next_attempt_at = NULL, done_at = @now,
    claimed_by = NULL, lease_until = NULL WHERE ${HELD}`);
  const claimOne = db.prepare(`UPDATE messages SET ${CLAIM}
    WHERE id = @id AND direction = 'in' AND (status = 'received' OR (${EXPIRED}))
    RETURNING ${CLAIMED_COLUMNS}`);
  const renew = db.prepare(`UPDATE messages SET lease_until = @until
    WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'processing' AND claimed_by = @node RETURNING id`).pluck();
  const takenOver = db.prepare(`SELECT id FROM messages
    WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'processing' AND claimed_by IS NOT @node ORDER BY id`).pluck();
  const release = db.prepare(`UPDATE messages SET status = 'received', claimed_by = NULL, lease_until = NULL
    WHERE direction = 'in' AND status = 'processing' AND claimed_by = ?`);

  // A message for several campaigns is one Buffer (or one file) shared by its rows. Each insert
  // of a Buffer copies it twice while it runs (better-sqlite3 binds with SQLITE_TRANSIENT, then
  // SQLite builds the record), one insert at a time.
  const accept = db.transaction((envelopes: InboundEnvelope[]): number[] =>
    envelopes.map((envelope) => {
      const { raw } = envelope;
      const id = Number(
        insert.run({
          campaign: envelope.campaign,
          envelopeFrom: envelope.envelopeFrom,
          envelopeTo: JSON.stringify(envelope.envelopeTo),
          remoteAddress: envelope.remoteAddress,
          helo: envelope.helo,
          size: storedSize(raw),
          createdAt: iso(envelope.receivedAt),
        }).lastInsertRowid,
      );
      if ('bytes' in raw) insertBody.run(id, raw.bytes, null);
      else insertBody.run(id, null, raw.file);
      return id;
    }),
  );

  function fromRow(row: SpoolRow): SpooledMessage {
    return spooledMessage(row, rawOf(row, body.get(row.id) as { raw: Buffer | null; file: string | null } | undefined));
  }

  function rawOf(row: SpoolRow, stored: { raw: Buffer | null; file: string | null } | undefined): RawMessage {
    if (stored?.raw) return rawFromBuffer(stored.raw);
    const file = stored?.file;
    if (!file || !bodies) return missingRaw(row, file ? `body file ${file}, but this store has no bodies folder` : 'no stored body');
    return { size: row.size, stream: () => bodies.stream(file), bytes: () => bodies.read(file) };
  }

  return {
    accept,

    /**
     * The same, in a commit (one fsync) shared with the messages accepted around it, see
     * group-commit.ts; resolves once that commit is on disk. For the SMTP listener, where many
     * sessions finish DATA at once.
     */
    acceptGrouped: createGroupCommit(db, accept, idle),

    claimNext(now: number, claimant: Claimant): SpooledMessage | null {
      // The idle worker polls: a read answers "nothing waiting" without taking SQLite's write
      // lock, which the listener's commits would otherwise have to wait for.
      if (waiting.get({ now: iso(now) }) === undefined) return null;
      const row = claim.get(claimOf(now, claimant)) as SpoolRow | undefined;
      return row ? fromRow(row) : null;
    },

    claimById(id: number, now: number, claimant: Claimant): SpooledMessage | null {
      const row = claimOne.get({ id, ...claimOf(now, claimant) }) as SpoolRow | undefined;
      return row ? fromRow(row) : null;
    },

    renewLeases(ids: readonly number[], now: number, claimant: Claimant): number[] {
      if (ids.length === 0) return [];
      const renewed = renew.all({ ids: JSON.stringify(ids), node: claimant.node, until: iso(now + claimant.leaseMs) }) as number[];
      if (renewed.length === ids.length) return [];
      return takenOver.all({ ids: JSON.stringify(ids), node: claimant.node }) as number[];
    },

    releaseClaims(node: string): number {
      return release.run(node).changes;
    },

    listFailed(limit = 100): FailedMessage[] {
      return db
        .prepare(`SELECT id, campaign, created_at AS receivedAt, coalesce(from_address, envelope_from) AS "from", attempts,
          CASE WHEN status = 'received' THEN 'retrying' ELSE status END AS status,
          CASE WHEN status = 'received' THEN next_attempt_at END AS nextAttemptAt, error
          FROM messages WHERE direction = 'in' AND error IS NOT NULL
            AND (status IN ('failed', 'handed_off') OR (status = 'received' AND next_attempt_at IS NOT NULL))
          ORDER BY id DESC LIMIT ?`)
        .all(limit) as FailedMessage[];
    },

    requeueFailed(id: number): boolean {
      return (
        db.prepare(`UPDATE messages SET status = 'received', next_attempt_at = NULL WHERE id = ? AND direction = 'in'
          AND (status IN ('failed', 'handed_off') OR (status = 'received' AND next_attempt_at IS NOT NULL))`).run(id).changes > 0
      );
    },

    retryLater(id: number, attempt: number, error: string, retryAt: number): boolean {
      return retryLater.run({ id, attempt, error, retryAt: iso(retryAt) }).changes > 0;
    },

    markHandedOff(id: number, attempt: number, error: string, now: number): void {
      if (handedOff.run({ id, attempt, error, now: iso(now) }).changes === 0) throw new ClaimLost(id);
    },

    /**
     * A body file to write a large message into as it arrives, then to `accept` by name; null
     * when this store keeps no files (an in-memory database), and every message stays in a row.
     */
    createBodyFile(): Promise<BodyFileWriter> | null {
      return bodies ? bodies.create() : null;
    },

    /** Other processes on this file cannot say they accepted a message: workers poll. */
    async watch(): Promise<() => Promise<void>> {
      return async () => undefined;
    },

    /** Removes body files left by messages that never got their 250 (see BodyFiles.sweep). */
    sweepBodyFiles(now: number): number {
      return bodies ? bodies.sweep((file) => fileReferenced.get(file) !== undefined, ORPHAN_AFTER_MS, now) : 0;
    },

    backlog(): SpoolBacklog {
      return spoolBacklog(backlog.get() as BacklogRow);
    },
  };
}

function claimOf(now: number, claimant: Claimant) {
  return { now: iso(now), node: claimant.node, until: iso(now + claimant.leaseMs) };
}

import type { Session } from './session.js';
import { createBodyChunks } from './body-chunks.js';
import { jsonWithoutNul, withoutNul } from './nul.js';
import { storedSize, type InboundEnvelope } from '../../mail/inbound-envelope.js';
import { rawFromBuffer, type RawMessage } from '../../mail/raw-message.js';
import { ClaimLost, type Claimant, type FailedMessage, type Spool, type SpoolBacklog, type SpooledMessage } from '../spool.js';
import { iso } from '../rows/iso.js';
import { CLAIMED_COLUMNS, ORPHAN_AFTER_MS, missingBytes, missingRaw, spoolBacklog, spooledMessage, type BacklogRow, type SpoolRow } from '../rows/spool.js';

interface ClaimedRow extends SpoolRow {
  /** From message_bodies: the bytes, or the name of the body in body_chunks. */
  body: Buffer | null;
  file: string | null;
}

/** The channel on which an accepted message wakes the workers of every node. */
const ARRIVALS = 'campaign_agent_arrivals';

// A retry waits in `received` with its due time in next_attempt_at (null: due at once); a claim
// whose lease ran out (its worker died or stalled) is free again. The status list lets the
// planner walk messages_in_claimable.
const CLAIMABLE = `direction = 'in' AND status IN ('received', 'processing')
  AND ((status = 'received' AND (next_attempt_at IS NULL OR next_attempt_at <= $1))
    OR (status = 'processing' AND (lease_until IS NULL OR lease_until < $1)))`;
const CLAIM = `status = 'processing', attempts = attempts + 1, claimed_by = $2, lease_until = $3`;
// What a worker finishes is fenced by its claim: a worker whose lease ran out changes nothing.
const HELD = `id = $1 AND direction = 'in' AND status = 'processing' AND attempts = $2`;

/**
 * The durable inbound spool, shared by every node's listeners and workers. A claim is a row lock
 * taken with SKIP LOCKED, so workers racing for the oldest message each get a different one
 * without waiting on each other, and a lease, so a dead node's messages are taken over.
 */
export function createPostgresSpool(session: Session): Spool {
  const chunks = createBodyChunks(session);

  /** The claim's UPDATE (which returns the claimed row) joined with the message's body, in one round trip. */
  async function claimed(update: string, values: unknown[]): Promise<SpooledMessage | null> {
    const { rows } = await session.query<ClaimedRow>(`WITH claimed AS (${update} RETURNING ${CLAIMED_COLUMNS})
      SELECT claimed.*, b.raw AS body, b.file FROM claimed LEFT JOIN message_bodies b ON b.message_id = claimed.id`, values);
    return rows[0] ? spooledMessage(rows[0], rawOf(rows[0])) : null;
  }

  function rawOf(row: ClaimedRow): RawMessage {
    if (row.body) return rawFromBuffer(row.body);
    if (!row.file) return missingRaw(row, 'no stored body');
    const file = row.file;
    return chunks.raw(file, row.size, () => missingBytes(row, `body ${file} is not whole in body_chunks`));
  }

  async function accept(envelopes: InboundEnvelope[]): Promise<number[]> {
    return session.transaction(async () => {
      const ids: number[] = [];
      // One after another: a message for several campaigns is one Buffer, bound once per row.
      for (const envelope of envelopes) {
        const { raw } = envelope;
        const { rows } = await session.query<{ id: number }>(`INSERT INTO messages
            (direction, campaign, envelope_from, envelope_to, remote_address, helo, raw, size, created_at, status)
          VALUES ('in', $1, $2, $3, $4, $5, '', $6, $7, 'received') RETURNING id`, [
          envelope.campaign,
          withoutNul(envelope.envelopeFrom),
          jsonWithoutNul(envelope.envelopeTo),
          envelope.remoteAddress,
          withoutNul(envelope.helo),
          storedSize(raw),
          iso(envelope.receivedAt),
        ]);
        const id = rows[0]!.id;
        await session.query(`INSERT INTO message_bodies (message_id, raw, file) VALUES ($1, $2, $3)`, [
          id,
          'bytes' in raw ? raw.bytes : null,
          'bytes' in raw ? null : raw.file,
        ]);
        ids.push(id);
      }
      // Delivered with the commit, and only if it commits: every node's worker hears of it.
      await session.query(`SELECT pg_notify('${ARRIVALS}', '')`);
      return ids;
    });
  }

  return {
    accept,

    // PostgreSQL already shares one WAL flush among the commits that arrive together; SQLite's
    // grouping makes up for its single writer.
    acceptGrouped: accept,

    claimNext(now: number, claimant: Claimant) {
      return claimed(`UPDATE messages SET ${CLAIM}
        WHERE id = (SELECT id FROM messages WHERE ${CLAIMABLE} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)`, [
        iso(now),
        claimant.node,
        iso(now + claimant.leaseMs),
      ]);
    },

    claimById(id: number, now: number, claimant: Claimant) {
      return claimed(`UPDATE messages SET ${CLAIM}
        WHERE id = (SELECT id FROM messages WHERE id = $4 AND direction = 'in'
          AND (status = 'received' OR (status = 'processing' AND (lease_until IS NULL OR lease_until < $1))) FOR UPDATE SKIP LOCKED)`, [
        iso(now),
        claimant.node,
        iso(now + claimant.leaseMs),
        id,
      ]);
    },

    async renewLeases(ids: readonly number[], now: number, claimant: Claimant): Promise<number[]> {
      if (ids.length === 0) return [];
      const { rows } = await session.query<{ id: number }>(`UPDATE messages SET lease_until = $3
        WHERE id = ANY ($1::bigint[]) AND status = 'processing' AND claimed_by = $2 RETURNING id`, [
        ids,
        claimant.node,
        iso(now + claimant.leaseMs),
      ]);
      if (rows.length === ids.length) return [];
      const { rows: taken } = await session.query<{ id: number }>(`SELECT id FROM messages
        WHERE id = ANY ($1::bigint[]) AND status = 'processing' AND claimed_by IS DISTINCT FROM $2 ORDER BY id`, [ids, claimant.node]);
      return taken.map((row) => row.id);
    },

    async releaseClaims(node: string): Promise<number> {
      const { rowCount } = await session.query(`UPDATE messages SET status = 'received', claimed_by = NULL, lease_until = NULL
        WHERE direction = 'in' AND status = 'processing' AND claimed_by = $1`, [node]);
      return rowCount ?? 0;
    },

    async listFailed(limit = 100): Promise<FailedMessage[]> {
      const { rows } = await session.query<FailedMessage>(`SELECT id, campaign, created_at AS "receivedAt",
          coalesce(from_address, envelope_from) AS "from", attempts,
          CASE WHEN status = 'received' THEN 'retrying' ELSE status END AS status,
          CASE WHEN status = 'received' THEN next_attempt_at END AS "nextAttemptAt", error
        FROM messages WHERE direction = 'in' AND error IS NOT NULL
          AND (status IN ('failed', 'handed_off') OR (status = 'received' AND next_attempt_at IS NOT NULL))
        ORDER BY id DESC LIMIT $1`, [limit]);
      return rows;
    },

    async requeueFailed(id: number): Promise<boolean> {
      const { rowCount } = await session.query(`UPDATE messages SET status = 'received', next_attempt_at = NULL WHERE id = $1 AND direction = 'in'
        AND (status IN ('failed', 'handed_off') OR (status = 'received' AND next_attempt_at IS NOT NULL))`, [id]);
      return (rowCount ?? 0) > 0;
    },

    async retryLater(id: number, attempt: number, error: string, retryAt: number): Promise<boolean> {
      const { rowCount } = await session.query(`UPDATE messages SET status = 'received', error = $3, next_attempt_at = $4,
        claimed_by = NULL, lease_until = NULL WHERE ${HELD}`, [id, attempt, error, iso(retryAt)]);
      return (rowCount ?? 0) > 0;
    },

    async markHandedOff(id: number, attempt: number, error: string, now: number): Promise<void> {
      const { rowCount } = await session.query(`UPDATE messages SET status = 'handed_off', error = $3, next_attempt_at = NULL, done_at = $4,
        claimed_by = NULL, lease_until = NULL WHERE ${HELD}`, [id, attempt, error, iso(now)]);
      if (rowCount === 0) throw new ClaimLost(id);
    },

    /** Large messages go into body_chunks as they arrive, where every node can read them. */
    createBodyFile: () => chunks.create(),

    watch: (arrived: () => void) => session.listen(ARRIVALS, arrived),

    sweepBodyFiles: (now: number) => chunks.sweep(ORPHAN_AFTER_MS, now),

    async backlog(): Promise<SpoolBacklog> {
      const { rows } = await session.query<BacklogRow>(`SELECT
          count(*) FILTER (WHERE status <> 'failed') AS pending, count(*) FILTER (WHERE status = 'failed') AS failed,
          count(*) FILTER (WHERE status = 'received' AND next_attempt_at IS NOT NULL) AS retrying,
          min(created_at) FILTER (WHERE status <> 'failed') AS oldest
        FROM messages WHERE direction = 'in' AND status IN ('received', 'processing', 'failed')`);
      return spoolBacklog(rows[0]!);
    },
  };
}

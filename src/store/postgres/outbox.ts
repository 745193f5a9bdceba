import type { Session } from './session.js';
import type { OutboundMail, Outbox, QueuedMail } from '../outbox.js';
import type { Claimant } from '../spool.js';
import { iso } from '../rows/iso.js';
import { QUEUED_COLUMNS, answersProspect, queuedMail, retryAt, type OutboxRow } from '../rows/outbox.js';

/**
 * Outbound mail is queued in the same transaction as the decision that produced it and sent
 * afterwards, so a crash can never lose a reply nor make the pipeline write it twice. A sender
 * claims a mail (SKIP LOCKED, and a lease) so no two workers of any nodes send it at once.
 */
export function createPostgresOutbox(session: Session): Outbox {
  return {
    async queue(mail: OutboundMail, now: number): Promise<number> {
      const { rows } = await session.query<{ id: number }>(`INSERT INTO messages
          (direction, campaign, conversation_id, kind, message_id, envelope_from, envelope_to, subject, visible_text, raw, size, created_at, status, next_attempt_at)
        VALUES ('out', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', $11) RETURNING id`, [
        mail.campaign,
        mail.conversationId,
        mail.kind,
        mail.messageId,
        mail.envelopeFrom,
        JSON.stringify(mail.envelopeTo),
        mail.subject,
        mail.text,
        mail.raw,
        mail.raw.length,
        iso(now),
      ]);
      return rows[0]!.id;
    },

    async has(messageId: string): Promise<boolean> {
      const { rowCount } = await session.query(`SELECT 1 FROM messages WHERE direction = 'out' AND message_id = $1 LIMIT 1`, [messageId]);
      return (rowCount ?? 0) > 0;
    },

    async claimNext(now: number, claimant: Claimant): Promise<QueuedMail | null> {
      const { rows } = await session.query<OutboxRow>(`UPDATE messages SET claimed_by = $2, lease_until = $3
        WHERE id = (SELECT id FROM messages WHERE direction = 'out' AND status = 'queued' AND next_attempt_at <= $1
          AND (lease_until IS NULL OR lease_until < $1) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING ${QUEUED_COLUMNS}`, [
        iso(now),
        claimant.node,
        iso(now + claimant.leaseMs),
      ]);
      return rows[0] ? queuedMail(rows[0]) : null;
    },

    async markSent(mail: QueuedMail, now: number): Promise<void> {
      await session.transaction(async () => {
        await session.query(`UPDATE messages SET status = 'sent', done_at = $1, attempts = attempts + 1, error = NULL,
          claimed_by = NULL, lease_until = NULL WHERE id = $2`, [iso(now), mail.id]);
        if (answersProspect(mail)) {
          await session.query(`UPDATE leads SET first_reply_at = $1
            WHERE first_reply_at IS NULL AND id = (SELECT lead_id FROM conversations WHERE id = $2)`, [iso(now), mail.conversationId]);
        }
      });
    },

    async markAttemptFailed(mail: QueuedMail, error: string, now: number): Promise<'retry' | 'failed'> {
      const attempts = mail.attempts + 1;
      const next = retryAt(attempts, now);
      if (next === null) {
        await session.query(`UPDATE messages SET status = 'failed', attempts = $1, error = $2, done_at = $3,
          claimed_by = NULL, lease_until = NULL WHERE id = $4`, [attempts, error, iso(now), mail.id]);
        return 'failed';
      }
      await session.query(`UPDATE messages SET attempts = $1, error = $2, next_attempt_at = $3,
        claimed_by = NULL, lease_until = NULL WHERE id = $4`, [attempts, error, iso(next), mail.id]);
      return 'retry';
    },
  };
}

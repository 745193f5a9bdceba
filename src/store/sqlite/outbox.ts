import type { Db } from './database.js';
import type { OutboundMail, QueuedMail, Outbox } from '../outbox.js';
import type { Synchronous } from './transactions.js';
import type { Claimant } from '../spool.js';
import { iso } from '../rows/iso.js';
import { QUEUED_COLUMNS, answersProspect, queuedMail, retryAt, type OutboxRow } from '../rows/outbox.js';

/**
 * Outbound mail is queued in the same transaction as the decision that produced it and sent
 * afterwards, so a crash can never lose a reply nor make the pipeline write it twice.
 */
export function createOutbox(db: Db): Synchronous<Outbox> {
  const insert = db.prepare(`INSERT INTO messages
    (direction, campaign, conversation_id, kind, message_id, envelope_from, envelope_to, subject, visible_text, raw, size, created_at, status, next_attempt_at)
    VALUES ('out', @campaign, @conversationId, @kind, @messageId, @envelopeFrom, @envelopeTo, @subject, @text, @raw, @size, @now, 'queued', @now)`);
  const claim = db.prepare(`UPDATE messages SET claimed_by = @node, lease_until = @until
    WHERE id = (SELECT id FROM messages WHERE direction = 'out' AND status = 'queued' AND next_attempt_at <= @now
      AND (lease_until IS NULL OR lease_until < @now) ORDER BY id LIMIT 1)
    RETURNING ${QUEUED_COLUMNS}`);
  const sent = db.prepare(`UPDATE messages SET status = 'sent', done_at = ?, attempts = attempts + 1, error = NULL,
    claimed_by = NULL, lease_until = NULL WHERE id = ?`);
  const firstReply = db.prepare(`UPDATE leads SET first_reply_at = ?
    WHERE first_reply_at IS NULL AND id = (SELECT lead_id FROM conversations WHERE id = ?)`);
  const queuedWithId = db.prepare(`SELECT 1 FROM messages WHERE direction = 'out' AND message_id = ?`);
  const failed = db.prepare(`UPDATE messages SET status = 'failed', attempts = ?, error = ?, done_at = ?,
    claimed_by = NULL, lease_until = NULL WHERE id = ?`);
  const retry = db.prepare(`UPDATE messages SET attempts = ?, error = ?, next_attempt_at = ?,
    claimed_by = NULL, lease_until = NULL WHERE id = ?`);

  return {
    queue(mail: OutboundMail, now: number): number {
      return Number(
        insert.run({
          campaign: mail.campaign,
          conversationId: mail.conversationId,
          kind: mail.kind,
          messageId: mail.messageId,
          envelopeFrom: mail.envelopeFrom,
          envelopeTo: JSON.stringify(mail.envelopeTo),
          subject: mail.subject,
          text: mail.text,
          raw: mail.raw,
          size: mail.raw.length,
          now: iso(now),
        }).lastInsertRowid,
      );
    },

    has(messageId: string): boolean {
      return queuedWithId.get(messageId) !== undefined;
    },

    claimNext(now: number, claimant: Claimant): QueuedMail | null {
      const row = claim.get({ now: iso(now), node: claimant.node, until: iso(now + claimant.leaseMs) }) as OutboxRow | undefined;
      return row ? queuedMail(row) : null;
    },

    markSent: db.transaction((mail: QueuedMail, now: number): void => {
      sent.run(iso(now), mail.id);
      if (answersProspect(mail)) firstReply.run(iso(now), mail.conversationId);
    }),

    markAttemptFailed(mail: QueuedMail, error: string, now: number): 'retry' | 'failed' {
      const attempts = mail.attempts + 1;
      const next = retryAt(attempts, now);
      if (next === null) {
        failed.run(attempts, error, iso(now), mail.id);
        return 'failed';
      }
      retry.run(attempts, error, iso(next), mail.id);
      return 'retry';
    },
  };
}

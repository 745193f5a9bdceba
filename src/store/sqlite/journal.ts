import type { Db } from './database.js';
import type { OfferedTime } from '../../core/understanding.js';
import type { InboundOutcome, Decision, Journal } from '../journal.js';
import type { Synchronous } from './transactions.js';
import { ClaimLost } from '../spool.js';
import { iso } from '../rows/iso.js';
import { hostSet } from '../rows/holds.js';
import { prospectMail, threadMessage, type ProspectMailRow, type ThreadRow } from '../rows/journal.js';

/** The explainable record: how each message was read and why the agent did what it did. */
export function createJournal(db: Db): Synchronous<Journal> {
  const processed = db.prepare(`UPDATE messages SET status = 'processed', done_at = @now, conversation_id = @conversationId,
    message_id = @headerMessageId, kind = @kind, from_address = @fromAddress, subject = @subject,
    visible_text = @visibleText, understanding = @understanding, authentication = @authentication,
    claimed_by = NULL, lease_until = NULL
    WHERE id = @messageId AND status = 'processing' AND attempts = @attempt`);
  const decision = db.prepare(`INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const offered = db.prepare(`INSERT INTO offered_slots (conversation_id, message_id, position, host_id, start_at, end_at, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const thread = db.prepare(`SELECT direction, coalesce(from_address, envelope_from, '') AS sender, created_at, visible_text FROM messages
    WHERE conversation_id = ? AND visible_text IS NOT NULL AND (direction = 'in' OR kind IN ('reply', 'confirmation'))
    ORDER BY id`);
  const conversationMail = db
    .prepare(`SELECT count(*) FROM messages WHERE direction = 'out' AND conversation_id = ? AND kind IN ('reply', 'confirmation')`)
    .pluck();
  const senderMailSince = db
    .prepare(`SELECT count(*) FROM messages WHERE direction = 'out' AND campaign = ? AND created_at >= ?
      AND kind IN ('reply', 'confirmation') AND EXISTS (SELECT 1 FROM json_each(envelope_to) WHERE value = ?)`)
    .pluck();
  const lastProspectMail = db.prepare(`SELECT message_id, envelope_to FROM messages WHERE direction = 'out' AND conversation_id = ?
    AND kind IN ('reply', 'confirmation') ORDER BY id DESC LIMIT 1`);
  const claim = db.prepare(`INSERT OR IGNORE INTO inbound_message_ids (campaign, message_id, inbound_id) VALUES (?, ?, ?)`);
  const claimHolder = db.prepare(`SELECT inbound_id FROM inbound_message_ids WHERE campaign = ? AND message_id = ?`).pluck();

  return {
    markProcessed(outcome: InboundOutcome, now: number): void {
      const { changes } = processed.run({
        ...outcome,
        understanding: outcome.understanding ? JSON.stringify(outcome.understanding) : null,
        authentication: JSON.stringify(outcome.authentication),
        now: iso(now),
      });
      if (changes === 0) throw new ClaimLost(outcome.messageId);
    },

    decide(entry: Decision, now: number): void {
      decision.run(
        entry.conversationId,
        entry.messageId,
        entry.kind,
        entry.actor,
        entry.summary,
        JSON.stringify(entry.detail),
        iso(now),
      );
    },

    recordOffer(input: { conversationId: number; outboundId: number; hostIds: string[]; slots: OfferedTime[] }, now: number): void {
      for (const slot of input.slots) {
        offered.run(input.conversationId, input.outboundId, slot.position, hostSet(input.hostIds), iso(slot.start), iso(slot.end), iso(now));
      }
    },

    thread(conversationId: number): Array<{ direction: 'in' | 'out'; from: string; at: number; text: string }> {
      return (thread.all(conversationId) as ThreadRow[]).map(threadMessage);
    },

    agentMailCounts(input: { conversationId: number; campaign: string; email: string; since: number }): {
      conversation: number;
      senderToday: number;
    } {
      const conversation = conversationMail.get(input.conversationId) as number;
      const senderToday = senderMailSince.get(input.campaign, iso(input.since), input.email) as number;
      return { conversation, senderToday };
    },

    lastProspectMail(conversationId: number): { messageId: string; envelopeTo: string[] } | null {
      const row = lastProspectMail.get(conversationId) as ProspectMailRow | undefined;
      return row ? prospectMail(row) : null;
    },

    claimMessageId(campaign: string, headerMessageId: string, inboundId: number): boolean {
      claim.run(campaign, headerMessageId, inboundId);
      const holder = claimHolder.get(campaign, headerMessageId) as number;
      return holder === inboundId;
    },
  };
}

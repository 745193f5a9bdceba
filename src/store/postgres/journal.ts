import type { Session } from './session.js';
import type { OfferedTime } from '../../core/understanding.js';
import type { InboundOutcome, Decision, Journal } from '../journal.js';
import { ClaimLost } from '../spool.js';
import { jsonWithoutNul, withoutNul } from './nul.js';
import { iso } from '../rows/iso.js';
import { hostSet } from '../rows/holds.js';
import { prospectMail, threadMessage, type ProspectMailRow, type ThreadRow } from '../rows/journal.js';

/** Mail to the prospect, as the agent's counts and follow-ups see it. */
const PROSPECT_MAIL = `direction = 'out' AND kind IN ('reply', 'confirmation')`;

/** The explainable record: how each message was read and why the agent did what it did. */
export function createPostgresJournal(session: Session): Journal {
  return {
    async markProcessed(outcome: InboundOutcome, now: number): Promise<void> {
      // Fenced by the claim: a worker whose lease ran out (another took the message over) closes nothing.
      const { rowCount } = await session.query(
        `UPDATE messages SET status = 'processed', done_at = $1, conversation_id = $2, message_id = $3, kind = $4,
           from_address = $5, subject = $6, visible_text = $7, understanding = $8, authentication = $9,
           claimed_by = NULL, lease_until = NULL
         WHERE id = $10 AND status = 'processing' AND attempts = $11`,
        [
          iso(now),
          outcome.conversationId,
          withoutNul(outcome.headerMessageId),
          outcome.kind,
          withoutNul(outcome.fromAddress),
          withoutNul(outcome.subject),
          withoutNul(outcome.visibleText),
          outcome.understanding ? jsonWithoutNul(outcome.understanding) : null,
          jsonWithoutNul(outcome.authentication),
          outcome.messageId,
          outcome.attempt,
        ],
      );
      if (rowCount === 0) throw new ClaimLost(outcome.messageId);
    },

    async decide(entry: Decision, now: number): Promise<void> {
      await session.query(
        `INSERT INTO decisions (conversation_id, message_id, kind, actor, summary, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [entry.conversationId, entry.messageId, entry.kind, entry.actor, withoutNul(entry.summary), jsonWithoutNul(entry.detail), iso(now)],
      );
    },

    async recordOffer(input: { conversationId: number; outboundId: number; hostIds: string[]; slots: OfferedTime[] }, now: number): Promise<void> {
      // One statement for the offer, its rows in the offer's order (the lead's offered_at trigger
      // runs per row either way).
      await session.query(
        `INSERT INTO offered_slots (conversation_id, message_id, position, host_id, start_at, end_at, created_at)
         SELECT $1, $2, slot.position, $3, slot.start_at, slot.end_at, $7
         FROM unnest($4::integer[], $5::timestamptz[], $6::timestamptz[]) WITH ORDINALITY AS slot(position, start_at, end_at, n)
         ORDER BY slot.n`,
        [
          input.conversationId,
          input.outboundId,
          hostSet(input.hostIds),
          input.slots.map((slot) => slot.position),
          input.slots.map((slot) => iso(slot.start)),
          input.slots.map((slot) => iso(slot.end)),
          iso(now),
        ],
      );
    },

    async thread(conversationId: number) {
      const { rows } = await session.query<ThreadRow>(
        `SELECT direction, coalesce(from_address, envelope_from, '') AS sender, created_at, visible_text FROM messages
         WHERE conversation_id = $1 AND visible_text IS NOT NULL AND (direction = 'in' OR kind IN ('reply', 'confirmation'))
         ORDER BY id`,
        [conversationId],
      );
      return rows.map(threadMessage);
    },

    async agentMailCounts(input: { conversationId: number; campaign: string; email: string; since: number }) {
      const { rows } = await session.query<{ conversation: number; sender_today: number }>(
        `SELECT
           (SELECT count(*) FROM messages WHERE ${PROSPECT_MAIL} AND conversation_id = $1) AS conversation,
           (SELECT count(*) FROM messages WHERE ${PROSPECT_MAIL} AND campaign = $2 AND created_at >= $3
              AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(envelope_to) AS recipient WHERE recipient = $4)) AS sender_today`,
        [input.conversationId, input.campaign, iso(input.since), input.email],
      );
      return { conversation: rows[0]!.conversation, senderToday: rows[0]!.sender_today };
    },

    async lastProspectMail(conversationId: number) {
      const { rows } = await session.query<ProspectMailRow>(
        `SELECT message_id, envelope_to FROM messages WHERE ${PROSPECT_MAIL} AND conversation_id = $1 ORDER BY id DESC LIMIT 1`,
        [conversationId],
      );
      return rows[0] ? prospectMail(rows[0]) : null;
    },

    async claimMessageId(campaign: string, headerMessageId: string, inboundId: number): Promise<boolean> {
      // A claim another node has not committed yet makes this insert wait for it; the holder is
      // then read afresh (READ COMMITTED: each statement sees what committed before it began).
      const claimed = await session.query(
        `INSERT INTO inbound_message_ids (campaign, message_id, inbound_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [campaign, withoutNul(headerMessageId), inboundId],
      );
      if (claimed.rowCount === 1) return true;
      const { rows } = await session.query<{ inbound_id: number }>(
        `SELECT inbound_id FROM inbound_message_ids WHERE campaign = $1 AND message_id = $2`,
        [campaign, withoutNul(headerMessageId)],
      );
      return rows[0]?.inbound_id === inboundId;
    },
  };
}

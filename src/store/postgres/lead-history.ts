import type { Session } from './session.js';
import type { LeadHistoryStore } from '../lead-history.js';
import { LEAD_COLUMNS, historyEntries, leadSummary, meetingSummary, type DecisionRow, type LeadRow, type MeetingRow, type MessageRow } from '../rows/lead-history.js';

export function createPostgresLeadHistory(session: Session): LeadHistoryStore {
  return {
    async find(reference, campaign) {
      if (/^\d+$/.test(reference)) {
        const id = Number(reference);
        // Past bigint (or a double's exact integers) no lead has that id; PostgreSQL would refuse the number.
        if (!Number.isSafeInteger(id)) return [];
        const { rows } = await session.query<LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = $1`, [id]);
        return rows.map(leadSummary);
      }
      // A colleague drawn into the thread finds the lead through the contacts table.
      const values: unknown[] = [reference.toLowerCase()];
      const { rows } = await session.query<LeadRow>(
        `SELECT ${LEAD_COLUMNS} FROM leads WHERE id IN (
            SELECT id FROM leads WHERE email = $1 UNION SELECT lead_id FROM contacts WHERE email = $1)
          ${campaign === undefined ? '' : `AND campaign = $${values.push(campaign)}`} ORDER BY id`,
        values,
      );
      return rows.map(leadSummary);
    },

    async history(lead) {
      const contacts = await session.query<{ email: string }>(`SELECT email FROM contacts WHERE lead_id = $1 ORDER BY id`, [lead.id]);
      const meetings = await session.query<MeetingRow>(
        `SELECT b.id, b.uid, b.host_id, b.start_at, b.status, b.sequence, o.outcome, o.reason, o.recorded_by
          FROM bookings b LEFT JOIN meeting_outcomes o ON o.booking_id = b.id WHERE b.lead_id = $1 ORDER BY b.id`,
        [lead.id],
      );
      const messages = await session.query<MessageRow>(
        `SELECT m.id, m.direction, m.kind, coalesce(m.from_address, m.envelope_from) AS sender, m.subject, m.visible_text, m.status, m.created_at
          FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.lead_id = $1`,
        [lead.id],
      );
      const decisions = await session.query<DecisionRow>(
        `SELECT d.id, d.kind, d.actor, d.summary, d.detail, d.created_at
          FROM conversations c JOIN decisions d ON d.conversation_id = c.id WHERE c.lead_id = $1`,
        [lead.id],
      );
      return {
        lead,
        contacts: contacts.rows.map((row) => row.email),
        meetings: meetings.rows.map(meetingSummary),
        entries: historyEntries(messages.rows, decisions.rows),
      };
    },
  };
}

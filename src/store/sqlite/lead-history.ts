import type { Db } from './database.js';
import type { LeadSummary, LeadHistory, LeadHistoryStore } from '../lead-history.js';
import type { Synchronous } from './transactions.js';
import { LEAD_COLUMNS, historyEntries, leadSummary, meetingSummary, type DecisionRow, type LeadRow, type MeetingRow, type MessageRow } from '../rows/lead-history.js';

export function createLeadHistory(db: Db): Synchronous<LeadHistoryStore> {
  return {
    find(reference: string, campaign?: string): LeadSummary[] {
      if (/^\d+$/.test(reference)) {
        const row = db.prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = ?`).get(Number(reference)) as LeadRow | undefined;
        return row ? [leadSummary(row)] : [];
      }
      // A colleague drawn into the thread finds the lead through the contacts table.
      const rows = db
        .prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id IN (
            SELECT id FROM leads WHERE email = @email UNION SELECT lead_id FROM contacts WHERE email = @email)
          ${campaign === undefined ? '' : 'AND campaign = @campaign'} ORDER BY id`)
        .all({ email: reference.toLowerCase(), ...(campaign === undefined ? {} : { campaign }) }) as LeadRow[];
      return rows.map(leadSummary);
    },

    history(lead: LeadSummary): LeadHistory {
      const contacts = db.prepare(`SELECT email FROM contacts WHERE lead_id = ? ORDER BY id`).pluck().all(lead.id) as string[];
      const meetings = db
        .prepare(`SELECT b.id, b.uid, b.host_id, b.start_at, b.status, b.sequence, o.outcome, o.reason, o.recorded_by
          FROM bookings b LEFT JOIN meeting_outcomes o ON o.booking_id = b.id WHERE b.lead_id = ? ORDER BY b.id`)
        .all(lead.id) as MeetingRow[];
      const messages = db
        .prepare(`SELECT m.id, m.direction, m.kind, coalesce(m.from_address, m.envelope_from) AS sender, m.subject,
            m.visible_text, m.status, m.created_at
          FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.lead_id = ?`)
        .all(lead.id) as MessageRow[];
      const decisions = db
        .prepare(`SELECT d.id, d.kind, d.actor, d.summary, d.detail, d.created_at
          FROM conversations c JOIN decisions d ON d.conversation_id = c.id WHERE c.lead_id = ?`)
        .all(lead.id) as DecisionRow[];
      return { lead, contacts, meetings: meetings.map(meetingSummary), entries: historyEntries(messages, decisions) };
    },
  };
}

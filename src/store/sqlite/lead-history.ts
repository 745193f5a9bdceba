import type { Db } from './database.js';
import type { LeadSummary, HistoryEntry, LeadHistory, LeadHistoryStore } from '../lead-history.js';
import type { Synchronous } from './transactions.js';

interface LeadRow {
  id: number;
  campaign: string;
  email: string;
  name: string | null;
  received_at: string;
  status: string | null;
}

const LEAD_COLUMNS = 'id, campaign, email, name, received_at, status';

export function createLeadHistory(db: Db): Synchronous<LeadHistoryStore> {
  const summary = (row: LeadRow): LeadSummary => ({
    id: row.id,
    campaign: row.campaign,
    email: row.email,
    name: row.name,
    receivedAt: Date.parse(row.received_at),
    status: row.status,
  });

  return {
    find(reference: string, campaign?: string): LeadSummary[] {
      if (/^\d+$/.test(reference)) {
        const row = db.prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = ?`).get(Number(reference)) as LeadRow | undefined;
        return row ? [summary(row)] : [];
      }
      // A colleague drawn into the thread finds the lead through the contacts table.
      const rows = db
        .prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id IN (
            SELECT id FROM leads WHERE email = @email UNION SELECT lead_id FROM contacts WHERE email = @email)
          ${campaign === undefined ? '' : 'AND campaign = @campaign'} ORDER BY id`)
        .all({ email: reference.toLowerCase(), ...(campaign === undefined ? {} : { campaign }) }) as LeadRow[];
      return rows.map(summary);
    },

    history(lead: LeadSummary): LeadHistory {
      const contacts = db.prepare(`SELECT email FROM contacts WHERE lead_id = ? ORDER BY id`).pluck().all(lead.id) as string[];
      const meetings = (
        db
          .prepare(`SELECT b.id, b.uid, b.host_id, b.start_at, b.status, b.sequence, o.outcome, o.reason, o.recorded_by
            FROM bookings b LEFT JOIN meeting_outcomes o ON o.booking_id = b.id WHERE b.lead_id = ? ORDER BY b.id`)
          .all(lead.id) as Array<{
          id: number;
          uid: string;
          host_id: string;
          start_at: string;
          status: string;
          sequence: number;
          outcome: string | null;
          reason: string | null;
          recorded_by: string | null;
        }>
      ).map((row) => ({
        id: row.id,
        uid: row.uid,
        hostId: row.host_id,
        start: Date.parse(row.start_at),
        status: row.status,
        sequence: row.sequence,
        outcome: row.outcome,
        reason: row.reason,
        recordedBy: row.recorded_by,
      }));
      const messages = (
        db
          .prepare(`SELECT m.id, m.direction, m.kind, coalesce(m.from_address, m.envelope_from) AS sender, m.subject,
              m.visible_text, m.status, m.created_at
            FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.lead_id = ?`)
          .all(lead.id) as Array<{
          id: number;
          direction: 'in' | 'out';
          kind: string | null;
          sender: string | null;
          subject: string | null;
          visible_text: string | null;
          status: string;
          created_at: string;
        }>
      ).map(
        (row): HistoryEntry => ({
          type: 'message',
          at: Date.parse(row.created_at),
          id: row.id,
          direction: row.direction,
          kind: row.kind,
          from: row.sender,
          subject: row.subject,
          text: row.visible_text,
          status: row.status,
        }),
      );
      const decisions = (
        db
          .prepare(`SELECT d.id, d.kind, d.actor, d.summary, d.detail, d.created_at
            FROM conversations c JOIN decisions d ON d.conversation_id = c.id WHERE c.lead_id = ?`)
          .all(lead.id) as Array<{ id: number; kind: string; actor: string; summary: string; detail: string; created_at: string }>
      ).map(
        (row): HistoryEntry => ({
          type: 'decision',
          at: Date.parse(row.created_at),
          id: row.id,
          kind: row.kind,
          actor: row.actor,
          summary: row.summary,
          detail: JSON.parse(row.detail) as unknown,
        }),
      );
      return { lead, contacts, meetings, entries: [...messages, ...decisions].sort(inOrder) };
    },
  };
}

/**
 * By time; at the same instant (one pipeline transaction) what came in is read first, then
 * why the agent acted, then what it sent.
 */
function inOrder(a: HistoryEntry, b: HistoryEntry): number {
  return a.at - b.at || rank(a) - rank(b) || a.id - b.id;
}

function rank(entry: HistoryEntry): number {
  if (entry.type === 'decision') return 1;
  return entry.direction === 'in' ? 0 : 2;
}

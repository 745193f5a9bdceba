import type { Session } from './session.js';
import type { HistoryEntry, LeadHistoryStore, LeadSummary, MeetingSummary } from '../lead-history.js';

interface LeadRow {
  id: number;
  campaign: string;
  email: string;
  name: string | null;
  received_at: string;
  status: string | null;
}

const LEAD_COLUMNS = 'id, campaign, email, name, received_at, status';

export function createPostgresLeadHistory(session: Session): LeadHistoryStore {
  const summary = (row: LeadRow): LeadSummary => ({
    id: row.id,
    campaign: row.campaign,
    email: row.email,
    name: row.name,
    receivedAt: Date.parse(row.received_at),
    status: row.status,
  });

  return {
    async find(reference, campaign) {
      if (/^\d+$/.test(reference)) {
        const id = Number(reference);
        // Past bigint (or a double's exact integers) no lead has that id; PostgreSQL would refuse the number.
        if (!Number.isSafeInteger(id)) return [];
        const { rows } = await session.query<LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = $1`, [id]);
        return rows.map(summary);
      }
      // A colleague drawn into the thread finds the lead through the contacts table.
      const values: unknown[] = [reference.toLowerCase()];
      const { rows } = await session.query<LeadRow>(
        `SELECT ${LEAD_COLUMNS} FROM leads WHERE id IN (
            SELECT id FROM leads WHERE email = $1 UNION SELECT lead_id FROM contacts WHERE email = $1)
          ${campaign === undefined ? '' : `AND campaign = $${values.push(campaign)}`} ORDER BY id`,
        values,
      );
      return rows.map(summary);
    },

    async history(lead) {
      const contacts = await session.query<{ email: string }>(`SELECT email FROM contacts WHERE lead_id = $1 ORDER BY id`, [lead.id]);
      const meetings = await session.query<{
        id: number;
        uid: string;
        host_id: string;
        start_at: string;
        status: string;
        sequence: number;
        outcome: string | null;
        reason: string | null;
        recorded_by: string | null;
      }>(
        `SELECT b.id, b.uid, b.host_id, b.start_at, b.status, b.sequence, o.outcome, o.reason, o.recorded_by
          FROM bookings b LEFT JOIN meeting_outcomes o ON o.booking_id = b.id WHERE b.lead_id = $1 ORDER BY b.id`,
        [lead.id],
      );
      const messages = await session.query<{
        id: number;
        direction: 'in' | 'out';
        kind: string | null;
        sender: string | null;
        subject: string | null;
        visible_text: string | null;
        status: string;
        created_at: string;
      }>(
        `SELECT m.id, m.direction, m.kind, coalesce(m.from_address, m.envelope_from) AS sender, m.subject, m.visible_text, m.status, m.created_at
          FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.lead_id = $1`,
        [lead.id],
      );
      const decisions = await session.query<{ id: number; kind: string; actor: string; summary: string; detail: string; created_at: string }>(
        `SELECT d.id, d.kind, d.actor, d.summary, d.detail, d.created_at
          FROM conversations c JOIN decisions d ON d.conversation_id = c.id WHERE c.lead_id = $1`,
        [lead.id],
      );
      const entries: HistoryEntry[] = [
        ...messages.rows.map(
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
        ),
        ...decisions.rows.map(
          (row): HistoryEntry => ({
            type: 'decision',
            at: Date.parse(row.created_at),
            id: row.id,
            kind: row.kind,
            actor: row.actor,
            summary: row.summary,
            detail: JSON.parse(row.detail) as unknown,
          }),
        ),
      ];
      return {
        lead,
        contacts: contacts.rows.map((row) => row.email),
        meetings: meetings.rows.map(
          (row): MeetingSummary => ({
            id: row.id,
            uid: row.uid,
            hostId: row.host_id,
            start: Date.parse(row.start_at),
            status: row.status,
            sequence: row.sequence,
            outcome: row.outcome,
            reason: row.reason,
            recordedBy: row.recorded_by,
          }),
        ),
        entries: entries.sort(inOrder),
      };
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

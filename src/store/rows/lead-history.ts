import type { HistoryEntry, LeadSummary, MeetingSummary } from '../lead-history.js';

export interface LeadRow {
  id: number;
  campaign: string;
  email: string;
  name: string | null;
  received_at: string;
  status: string | null;
}

export const LEAD_COLUMNS = 'id, campaign, email, name, received_at, status';

export interface MeetingRow {
  id: number;
  uid: string;
  host_id: string;
  start_at: string;
  status: string;
  sequence: number;
  outcome: string | null;
  reason: string | null;
  recorded_by: string | null;
}

export interface MessageRow {
  id: number;
  direction: 'in' | 'out';
  kind: string | null;
  sender: string | null;
  subject: string | null;
  visible_text: string | null;
  status: string;
  created_at: string;
}

export interface DecisionRow {
  id: number;
  kind: string;
  actor: string;
  summary: string;
  detail: string;
  created_at: string;
}

export function leadSummary(row: LeadRow): LeadSummary {
  return {
    id: row.id,
    campaign: row.campaign,
    email: row.email,
    name: row.name,
    receivedAt: Date.parse(row.received_at),
    status: row.status,
  };
}

export function meetingSummary(row: MeetingRow): MeetingSummary {
  return {
    id: row.id,
    uid: row.uid,
    hostId: row.host_id,
    start: Date.parse(row.start_at),
    status: row.status,
    sequence: row.sequence,
    outcome: row.outcome,
    reason: row.reason,
    recordedBy: row.recorded_by,
  };
}

/** The lead's messages and decisions as one story, in the order they happened. */
export function historyEntries(messages: MessageRow[], decisions: DecisionRow[]): HistoryEntry[] {
  return [...messages.map(messageEntry), ...decisions.map(decisionEntry)].sort(inOrder);
}

function messageEntry(row: MessageRow): HistoryEntry {
  return {
    type: 'message',
    at: Date.parse(row.created_at),
    id: row.id,
    direction: row.direction,
    kind: row.kind,
    from: row.sender,
    subject: row.subject,
    text: row.visible_text,
    status: row.status,
  };
}

function decisionEntry(row: DecisionRow): HistoryEntry {
  return {
    type: 'decision',
    at: Date.parse(row.created_at),
    id: row.id,
    kind: row.kind,
    actor: row.actor,
    summary: row.summary,
    detail: JSON.parse(row.detail) as unknown,
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

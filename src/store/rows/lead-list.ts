import type { HandoffRow, LeadListRow } from '../lead-list.js';

export interface LeadListRecord {
  id: number;
  campaign: string;
  name: string | null;
  email: string;
  received_at: string;
  status: string | null;
  rep: string | null;
  meeting_start_at: string | null;
  meeting_status: string | null;
  first_reply_ms: number | null;
}

/** A lead belongs to its meeting's organiser, else to the host of its conversation. */
export const LEAD_LIST_COLUMNS = `id, campaign, name, email, received_at, status, coalesce(meeting_host_id, host_id) AS rep,
  meeting_start_at, meeting_status, first_reply_ms`;

export interface HandoffRecord extends LeadListRecord {
  handed_off_at: string | null;
}

/** The decision a lead was last handed to a person by: a step that ended in handed_off, or a hand-off. */
export interface HandOffDecision {
  kind: string;
  summary: string;
  detail: string | null;
}

export function leadListRow(row: LeadListRecord): LeadListRow {
  return {
    id: row.id,
    campaign: row.campaign,
    name: row.name,
    email: row.email,
    receivedAt: Date.parse(row.received_at),
    state: row.status,
    rep: row.rep,
    meetingStart: row.meeting_start_at === null ? null : Date.parse(row.meeting_start_at),
    meetingStatus: row.meeting_status,
    firstReplyMs: row.first_reply_ms,
  };
}

/** A lead handed off before handed_off_at was kept counts as handed off when it came in. */
export function handoffRow(row: HandoffRecord, reason: string): HandoffRow {
  return { ...leadListRow(row), handedOffAt: Date.parse(row.handed_off_at ?? row.received_at), reason };
}

export function handOffReason(decision: HandOffDecision | undefined): string {
  if (!decision) return 'handed to a person';
  return decision.kind === 'handoff' ? decision.summary : handToHumanReason(decision.detail);
}

/** The hand_to_human effect's reason, from a step decision's detail. */
function handToHumanReason(detail: string | null): string {
  try {
    const effects = (JSON.parse(detail ?? '{}') as { effects?: Array<{ kind: string; reason?: string }> }).effects ?? [];
    return effects.find((effect) => effect.kind === 'hand_to_human')?.reason ?? 'handed to a person';
  } catch {
    return 'handed to a person';
  }
}

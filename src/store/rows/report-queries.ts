import type { LeadTimes } from '../../core/report.js';
import type { RecentConversation } from '../report-queries.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface RecentConversationRow {
  id: number;
  lead_id: number;
  email: string;
  name: string | null;
  campaign: string;
  subject: string;
  status: string;
  host_id: string | null;
  updated_at: string;
  last_text: string | null;
}

export function recentConversation(row: RecentConversationRow): RecentConversation {
  return {
    id: row.id,
    leadId: row.lead_id,
    email: row.email,
    name: row.name,
    campaign: row.campaign,
    subject: row.subject,
    status: row.status,
    hostId: row.host_id,
    updatedAt: Date.parse(row.updated_at),
    lastInboundText: row.last_text,
  };
}

/** The median of an even count can fall on half a millisecond; reports show whole ones. */
export function rounded<T extends LeadTimes>(row: T): T {
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    ...row,
    medianFirstReplyMs: round(row.medianFirstReplyMs),
    medianToBookingMs: round(row.medianToBookingMs),
    medianToMeetingMs: round(row.medianToMeetingMs),
  };
}

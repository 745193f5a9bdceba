import type { UpcomingMeeting } from '../reminders.js';
import { organiserFirst } from './bookings.js';

export interface UpcomingRow {
  id: number;
  uid: string;
  sequence: number;
  conversation_id: number;
  lead_id: number;
  campaign: string;
  host_id: string;
  start_at: string;
  end_at: string;
  updated_at: string;
  /** JSON arrays: the reminders' minutes before, and every host of the meeting. */
  handled: string;
  hosts: string;
}

export function upcomingMeeting(row: UpcomingRow): UpcomingMeeting {
  return {
    bookingId: row.id,
    uid: row.uid,
    sequence: row.sequence,
    conversationId: row.conversation_id,
    leadId: row.lead_id,
    campaign: row.campaign,
    hostIds: organiserFirst(row.host_id, JSON.parse(row.hosts) as string[]),
    start: Date.parse(row.start_at),
    end: Date.parse(row.end_at),
    setAt: Date.parse(row.updated_at),
    handled: JSON.parse(row.handled) as number[],
  };
}

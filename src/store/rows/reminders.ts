import type { UpcomingMeeting } from '../reminders.js';

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

/** The organiser first, then the other hosts in the order the engine lists them. */
export function upcomingMeeting(row: UpcomingRow): UpcomingMeeting {
  const hosts = JSON.parse(row.hosts) as string[];
  return {
    bookingId: row.id,
    uid: row.uid,
    sequence: row.sequence,
    conversationId: row.conversation_id,
    leadId: row.lead_id,
    campaign: row.campaign,
    hostIds: [row.host_id, ...hosts.filter((id) => id !== row.host_id)],
    start: Date.parse(row.start_at),
    end: Date.parse(row.end_at),
    setAt: Date.parse(row.updated_at),
    handled: JSON.parse(row.handled) as number[],
  };
}

import type { BookedMeeting } from '../core/conversation.js';

/** A confirmed meeting ahead, with what was already done about its reminders at its current time. */
export interface UpcomingMeeting extends BookedMeeting {
  bookingId: number;
  conversationId: number;
  leadId: number;
  campaign: string;
  /** When the meeting got its current time (booked, or last moved). */
  setAt: number;
  /** Lead times (minutes before) already sent or skipped for this time. */
  handled: number[];
}

export interface Reminders {
  /** Confirmed meetings starting after `now` and no later than `until`. */
  upcoming(now: number, until: number): Promise<UpcomingMeeting[]>;
  /** Records a reminder as sent or skipped; false when it already was (another worker, a retry). */
  record(input: { bookingId: number; start: number; beforeMinutes: number; outcome: 'sent' | 'skipped' }, now: number): Promise<boolean>;
}

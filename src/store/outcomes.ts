import type { MeetingOutcome } from '../core/report-outcome.js';

export interface BookingForOutcome {
  id: number;
  uid: string;
  leadId: number;
  conversationId: number;
  campaign: string;
  hostId: string;
  attendeeEmail: string;
  start: number;
  end: number;
  status: string;
}

export interface RecordedOutcome {
  outcome: MeetingOutcome;
  reason: string | null;
  recordedBy: string;
  recordedAt: number;
  source: 'cli' | 'link';
}

export type OutcomeChange = 'recorded' | 'changed' | 'unchanged';

/** Meeting outcomes reps record; migration 002's triggers carry them onto the lead for reports. */
export interface Outcomes {
  /** A booking by its numeric id or its iCalendar uid. */
  booking(reference: string): Promise<BookingForOutcome | null>;
  current(bookingId: number): Promise<RecordedOutcome | null>;
  /**
   * Records the outcome; the same outcome and reason again changes nothing (a second click on
   * a link, a retried command) and keeps who recorded it first. A different one replaces it,
   * and the decisions table keeps the history either way.
   */
  record(input: {
    booking: BookingForOutcome;
    outcome: MeetingOutcome;
    reason: string | null;
    recordedBy: string;
    source: 'cli' | 'link';
  }, now: number): Promise<{
    change: OutcomeChange;
    previous: RecordedOutcome | null;
  }>;
}

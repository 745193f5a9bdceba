import type { MeetingOutcome } from '../../core/report-outcome.js';
import type { BookingForOutcome, OutcomeChange, Outcomes, RecordedOutcome } from '../outcomes.js';

export interface BookingRow {
  id: number;
  uid: string;
  lead_id: number;
  conversation_id: number;
  campaign: string;
  host_id: string;
  attendee_email: string;
  start_at: string;
  end_at: string;
  status: string;
}

export const BOOKING_COLUMNS = 'id, uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status';

export interface OutcomeRow {
  outcome: MeetingOutcome;
  reason: string | null;
  recorded_by: string;
  recorded_at: string;
  source: 'cli' | 'link';
}

export type OutcomeInput = Parameters<Outcomes['record']>[0];

export function bookingForOutcome(row: BookingRow): BookingForOutcome {
  return {
    id: row.id,
    uid: row.uid,
    leadId: row.lead_id,
    conversationId: row.conversation_id,
    campaign: row.campaign,
    hostId: row.host_id,
    attendeeEmail: row.attendee_email,
    start: Date.parse(row.start_at),
    end: Date.parse(row.end_at),
    status: row.status,
  };
}

export function recordedOutcome(row: OutcomeRow): RecordedOutcome {
  return { outcome: row.outcome, reason: row.reason, recordedBy: row.recorded_by, recordedAt: Date.parse(row.recorded_at), source: row.source };
}

/**
 * What recording the outcome over the previous one changes: nothing for the same outcome and
 * reason again (a second click on a link, a retried command), which keeps who recorded it first.
 */
export function outcomeChange(input: OutcomeInput, previous: RecordedOutcome | null): OutcomeChange {
  if (!previous) return 'recorded';
  return previous.outcome === input.outcome && previous.reason === input.reason ? 'unchanged' : 'changed';
}

/** The decision that keeps the outcome's history: its summary, and its detail as JSON. */
export function outcomeDecision(input: OutcomeInput, previous: RecordedOutcome | null): { summary: string; detail: string } {
  const what = input.reason ? `${input.outcome} (${input.reason})` : input.outcome;
  const summary = previous
    ? `outcome changed from ${previous.outcome} to ${what} by ${input.recordedBy} (${input.source})`
    : `outcome ${what} recorded by ${input.recordedBy} (${input.source})`;
  const detail = { bookingId: input.booking.id, outcome: input.outcome, reason: input.reason, recordedBy: input.recordedBy, source: input.source, previous };
  return { summary, detail: JSON.stringify(detail) };
}

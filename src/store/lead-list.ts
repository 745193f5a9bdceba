/** The leads behind the report's figures, a page at a time, and the hand-off queue (the web's /leads). */

/** A lead's conversation states, as the report and the filters name them. */
export const LEAD_STATES = ['new', 'offered', 'booked', 'rescheduling', 'handed_off', 'declined', 'unsubscribed', 'stalled', 'cancelled'] as const;
export type LeadState = (typeof LEAD_STATES)[number];

/** What became of the lead's meeting, as the report counts it. */
export const MEETING_FILTERS = ['booked', 'cancelled', 'held', 'no_show', 'disqualified'] as const;
export type MeetingFilter = (typeof MEETING_FILTERS)[number];

export interface LeadFilter {
  campaign: string | null;
  state: LeadState | null;
  meeting: MeetingFilter | null;
  /** The rep of the lead's offer or meeting (host id). */
  rep: string | null;
  /** First message in [since, until). */
  since: number | null;
  until: number | null;
}

/** Where a page starts: after this lead, in newest-first order. */
export interface LeadCursor {
  receivedAt: number;
  id: number;
}

export interface LeadListRow {
  id: number;
  campaign: string;
  name: string | null;
  email: string;
  receivedAt: number;
  state: string | null;
  rep: string | null;
  meetingStart: number | null;
  meetingStatus: string | null;
  firstReplyMs: number | null;
}

export interface LeadPage {
  leads: LeadListRow[];
  /** The next page's start, or null on the last page. */
  next: LeadCursor | null;
}

export interface HandoffRow extends LeadListRow {
  /** When the lead was handed to a person (the latest time), and why. */
  handedOffAt: number;
  reason: string;
}

export interface LeadListStore {
  page(filter: LeadFilter, after: LeadCursor | null, limit: number): Promise<LeadPage>;
  /** Handed-off leads nobody has taken yet, the longest waiting first. */
  handoffs(limit: number): Promise<HandoffRow[]>;
  /** A person took the handed-off lead; false when it is not (or no longer) waiting. */
  acknowledge(leadId: number, now: number): Promise<boolean>;
  /** Whether the lead waits in the hand-off queue. */
  isWaiting(leadId: number): Promise<boolean>;
}

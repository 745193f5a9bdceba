/**
 * One person's data, by their address: everything held about them (export), erased everywhere
 * the store keeps it while the counts stay (forget), and message bodies past their retention.
 */

export interface PersonRecord {
  email: string;
  leads: Array<{ id: number; campaign: string; email: string; name: string | null; firstMessageAt: string; state: string | null }>;
  /** Addresses in their threads: theirs, and colleagues drawn in. */
  contacts: Array<{ leadId: number; email: string; name: string | null; since: string }>;
  conversations: Array<{ id: number; leadId: number; campaign: string; subject: string; state: unknown; createdAt: string }>;
  messages: Array<{
    id: number;
    conversationId: number | null;
    direction: 'in' | 'out';
    kind: string | null;
    at: string;
    from: string | null;
    to: string[];
    subject: string | null;
    visibleText: string | null;
    understanding: unknown;
    /** The message as received or sent, byte for byte (base64); null once purged. */
    rawBase64: string | null;
  }>;
  bookings: Array<{ id: number; uid: string; campaign: string; hostId: string; attendee: string; start: string; end: string; status: string }>;
  decisions: Array<{ conversationId: number | null; messageId: number | null; kind: string; summary: string; detail: unknown; at: string }>;
  /** What the team's tools were told about them (webhooks), delivered or still to be. */
  webhooks: Array<{ event: string; endpoint: string; status: string; payload: unknown; at: string }>;
  /** Campaigns they asked to hear nothing more from: kept after forget, so the wish is still honoured. */
  suppressions: Array<{ campaign: string; reason: string; since: string }>;
}

export interface ForgetOutcome {
  leads: number;
  messages: number;
  /** Our outbound messages erased: their copies in the outbox folder go too. */
  outboundIds: number[];
}

/** A confirmed meeting of theirs, as the calendars hold it. */
export interface PersonMeeting {
  uid: string;
  sequence: number;
  campaign: string;
  hostIds: string[];
  start: number;
  end: number;
}

export interface PersonalData {
  /** Their confirmed meetings: forget takes them off the calendar events first. */
  meetings(email: string): Promise<PersonMeeting[]>;
  /** Null when nothing is held about the address. */
  export(email: string, input: { now: number; by: string }): Promise<PersonRecord | null>;
  forget(email: string, input: { now: number; by: string }): Promise<ForgetOutcome>;
  /** Bodies and text of messages finished before `before`; returns how many messages. */
  purgeBodies(input: { before: number; now: number }): Promise<number>;
}

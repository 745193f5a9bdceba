import type { PersonMeeting, PersonRecord } from '../personal-data.js';
import { organiserFirst } from './bookings.js';

/** What is held about one address, by id. */
export interface Scope {
  /** Leads that are this person. */
  own: number[];
  /** Conversations of those leads: everything in them is about this person. */
  conversations: number[];
  /** Leads this person wrote in as a colleague. */
  joined: number[];
  /** Messages from or to the address, or in their own conversations. */
  messages: number[];
}

export interface MeetingRow {
  id: number;
  uid: string;
  sequence: number;
  campaign: string;
  host_id: string;
  start_at: string;
  end_at: string;
}

export interface MessageRow {
  id: number;
  conversation_id: number | null;
  direction: 'in' | 'out';
  kind: string | null;
  created_at: string;
  sender: string | null;
  envelope_to: string;
  subject: string | null;
  visible_text: string | null;
  understanding: string | null;
  raw: Buffer;
}

/** The rows of an export other than the messages, which need their bodies found first. */
export interface PersonRows {
  leads: Array<{ id: number; campaign: string; email: string; name: string | null; received_at: string; status: string | null }>;
  contacts: Array<{ lead_id: number; email: string; name: string | null; created_at: string }>;
  conversations: Array<{ id: number; lead_id: number; campaign: string; subject: string; state: string; created_at: string }>;
  bookings: Array<{ id: number; uid: string; campaign: string; host_id: string; attendee_email: string; start_at: string; end_at: string; status: string }>;
  decisions: Array<{ conversation_id: number | null; message_id: number | null; kind: string; summary: string; detail: string; created_at: string }>;
  webhooks: Array<{ event: string; endpoint: string; status: string; payload: string; created_at: string }>;
  suppressions: Array<{ campaign: string; reason: string; created_at: string }>;
}

/** A meeting and every host of it (the organiser among them, or not yet listed). */
export function personMeeting(row: MeetingRow, hosts: readonly string[]): PersonMeeting {
  return {
    uid: row.uid,
    sequence: row.sequence,
    campaign: row.campaign,
    hostIds: organiserFirst(row.host_id, hosts),
    start: Date.parse(row.start_at),
    end: Date.parse(row.end_at),
  };
}

/** `raw`: the message byte for byte, or null once its body was purged. */
export function personMessage(row: MessageRow, raw: Buffer | null): PersonRecord['messages'][number] {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    kind: row.kind,
    at: row.created_at,
    from: row.sender,
    to: JSON.parse(row.envelope_to) as string[],
    subject: row.subject,
    visibleText: row.visible_text,
    understanding: row.understanding === null ? null : (JSON.parse(row.understanding) as unknown),
    rawBase64: raw ? raw.toString('base64') : null,
  };
}

/** Instants stay as the database holds them (ISO text): an export shows what is stored. */
export function personRecord(email: string, rows: PersonRows, messages: PersonRecord['messages']): PersonRecord {
  return {
    email,
    leads: rows.leads.map((row) => ({ id: row.id, campaign: row.campaign, email: row.email, name: row.name, firstMessageAt: row.received_at, state: row.status })),
    contacts: rows.contacts.map((row) => ({ leadId: row.lead_id, email: row.email, name: row.name, since: row.created_at })),
    conversations: rows.conversations.map((row) => ({
      id: row.id, leadId: row.lead_id, campaign: row.campaign, subject: row.subject, state: JSON.parse(row.state) as unknown, createdAt: row.created_at,
    })),
    messages,
    bookings: rows.bookings.map((row) => ({
      id: row.id, uid: row.uid, campaign: row.campaign, hostId: row.host_id, attendee: row.attendee_email, start: row.start_at, end: row.end_at, status: row.status,
    })),
    decisions: rows.decisions.map((row) => ({
      conversationId: row.conversation_id, messageId: row.message_id, kind: row.kind, summary: row.summary, detail: JSON.parse(row.detail) as unknown, at: row.created_at,
    })),
    webhooks: rows.webhooks.map((row) => ({ event: row.event, endpoint: row.endpoint, status: row.status, payload: JSON.parse(row.payload) as unknown, at: row.created_at })),
    suppressions: rows.suppressions.map((row) => ({ campaign: row.campaign, reason: row.reason, since: row.created_at })),
  };
}

type Person = { email?: string } | null | undefined;

/** A colleague forgotten: out of a thread they joined (attendee, guests), the rest of the thread stays. */
export function withoutColleague(state: string, address: string): string {
  const parsed = JSON.parse(state) as { attendee?: Person; guests?: Person[] };
  const isThem = (person: Person) => person?.email?.toLowerCase() === address;
  return JSON.stringify({
    ...parsed,
    attendee: isThem(parsed.attendee) ? null : (parsed.attendee ?? null),
    guests: (parsed.guests ?? []).filter((guest) => !isThem(guest)),
  });
}

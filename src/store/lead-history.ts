/** Everything the store knows about one lead, for `explain`. Reads only; one lead at a time. */

export interface LeadSummary {
  id: number;
  campaign: string;
  email: string;
  name: string | null;
  receivedAt: number;
  status: string | null;
}

export interface MeetingSummary {
  id: number;
  uid: string;
  hostId: string;
  start: number;
  status: string;
  sequence: number;
  outcome: string | null;
  reason: string | null;
  recordedBy: string | null;
}

export type HistoryEntry =
  | {
      type: 'message';
      at: number;
      id: number;
      direction: 'in' | 'out';
      kind: string | null;
      from: string | null;
      subject: string | null;
      text: string | null;
      status: string;
    }
  | { type: 'decision'; at: number; id: number; kind: string; actor: string; summary: string; detail: unknown };

export interface LeadHistory {
  lead: LeadSummary;
  contacts: string[];
  meetings: MeetingSummary[];
  /** Messages and decisions of the lead's conversations, in the order they happened. */
  entries: HistoryEntry[];
}

export interface LeadHistoryStore {
  /** Leads matching a numeric id, or an address (on every campaign unless one is given). */
  find(reference: string, campaign?: string): Promise<LeadSummary[]>;
  history(lead: LeadSummary): Promise<LeadHistory>;
}

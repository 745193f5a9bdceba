export interface Lead {
  id: number;
  campaign: string;
  email: string;
  name: string | null;
}

export interface Leads {
  byId(id: number): Promise<Lead>;
  find(campaign: string, email: string): Promise<Lead | null>;
  /** The lead for this person on this campaign, created at their first human message. */
  findOrCreate(input: {
    campaign: string;
    email: string;
    name: string | null;
    receivedAt: number;
  }): Promise<{
    lead: Lead;
    created: boolean;
  }>;
  /** Someone else in the thread (a colleague CC'd or forwarded to) joins the same lead. */
  addContact(leadId: number, email: string, name: string | null, now: number): Promise<boolean>;
  /** An out-of-office reply said when the person is back. */
  setReturnDate(leadId: number, returnsAt: number): Promise<void>;
  isContact(leadId: number, email: string): Promise<boolean>;
  markBooked(leadId: number, at: number): Promise<void>;
}

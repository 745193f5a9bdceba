export interface Lead {
  id: number;
  campaign: string;
  email: string;
  name: string | null;
}

export interface Leads {
  byId(id: number): Lead;
  find(campaign: string, email: string): Lead | null;
  /** The lead for this person on this campaign, created at their first human message. */
  findOrCreate(input: {
    campaign: string;
    email: string;
    name: string | null;
    receivedAt: number;
  }): {
    lead: Lead;
    created: boolean;
  };
  /** Someone else in the thread (a colleague CC'd or forwarded to) joins the same lead. */
  addContact(leadId: number, email: string, name: string | null, now: number): boolean;
  /** An out-of-office reply said when the person is back. */
  setReturnDate(leadId: number, returnsAt: number): void;
  isContact(leadId: number, email: string): boolean;
  markBooked(leadId: number, at: number): void;
}

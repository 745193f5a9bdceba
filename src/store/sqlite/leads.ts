import type { Db } from './database.js';
import type { Lead, Leads } from '../leads.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { LEAD_COLUMNS } from '../rows/leads.js';

export function createLeads(db: Db): Synchronous<Leads> {
  const byId = db.prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = ?`);
  const find = db.prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE campaign = ? AND email = ?`);
  const insert = db.prepare(
    `INSERT INTO leads (campaign, email, name, received_at) VALUES (?, ?, ?, ?) RETURNING ${LEAD_COLUMNS}`,
  );
  const addContact = db.prepare(
    `INSERT OR IGNORE INTO contacts (lead_id, email, name, created_at) VALUES (?, ?, ?, ?)`,
  );
  const setReturnDate = db.prepare(`UPDATE leads SET returns_at = ? WHERE id = ?`);
  const isContact = db.prepare(`SELECT 1 FROM contacts WHERE lead_id = ? AND email = ?`);
  const markBooked = db.prepare(`UPDATE leads SET booked_at = ? WHERE id = ? AND booked_at IS NULL`);

  return {
    byId(id: number): Lead {
      return byId.get(id) as Lead;
    },

    find(campaign: string, email: string): Lead | null {
      return (find.get(campaign, email) as Lead | undefined) ?? null;
    },

    findOrCreate(input: { campaign: string; email: string; name: string | null; receivedAt: number }): {
      lead: Lead;
      created: boolean;
    } {
      const existing = find.get(input.campaign, input.email) as Lead | undefined;
      if (existing) return { lead: existing, created: false };
      const lead = insert.get(input.campaign, input.email, input.name, iso(input.receivedAt)) as Lead;
      addContact.run(lead.id, input.email, input.name, iso(input.receivedAt));
      return { lead, created: true };
    },

    addContact(leadId: number, email: string, name: string | null, now: number): boolean {
      return addContact.run(leadId, email, name, iso(now)).changes > 0;
    },

    setReturnDate(leadId: number, returnsAt: number): void {
      setReturnDate.run(iso(returnsAt), leadId);
    },

    isContact(leadId: number, email: string): boolean {
      return isContact.get(leadId, email) !== undefined;
    },

    markBooked(leadId: number, at: number): void {
      markBooked.run(iso(at), leadId);
    },
  };
}

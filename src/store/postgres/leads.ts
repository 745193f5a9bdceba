import type { Session } from './session.js';
import type { Lead, Leads } from '../leads.js';
import { iso } from '../rows/iso.js';
import { LEAD_COLUMNS as COLUMNS } from '../rows/leads.js';

export function createPostgresLeads(session: Session): Leads {
  async function find(campaign: string, email: string): Promise<Lead | null> {
    const { rows } = await session.query<Lead>(`SELECT ${COLUMNS} FROM leads WHERE campaign = $1 AND email = $2`, [campaign, email]);
    return rows[0] ?? null;
  }

  async function addContact(leadId: number, email: string, name: string | null, now: number): Promise<boolean> {
    const { rowCount } = await session.query(
      `INSERT INTO contacts (lead_id, email, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (lead_id, email) DO NOTHING`,
      [leadId, email, name, iso(now)],
    );
    return (rowCount ?? 0) > 0;
  }

  return {
    async byId(id: number): Promise<Lead> {
      const { rows } = await session.query<Lead>(`SELECT ${COLUMNS} FROM leads WHERE id = $1`, [id]);
      return rows[0]!;
    },

    find,

    async findOrCreate(input) {
      const existing = await find(input.campaign, input.email);
      if (existing) return { lead: existing, created: false };
      return session.transaction(async () => {
        // Another node may create the same person's lead between the look-up and the insert: its
        // row wins (the insert waits for its commit), and this call finds it.
        const { rows } = await session.query<Lead>(
          `INSERT INTO leads (campaign, email, name, received_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (campaign, email) DO NOTHING RETURNING ${COLUMNS}`,
          [input.campaign, input.email, input.name, iso(input.receivedAt)],
        );
        const lead = rows[0];
        if (!lead) return { lead: (await find(input.campaign, input.email))!, created: false };
        await addContact(lead.id, input.email, input.name, input.receivedAt);
        return { lead, created: true };
      });
    },

    addContact,

    async setReturnDate(leadId: number, returnsAt: number): Promise<void> {
      await session.query(`UPDATE leads SET returns_at = $1 WHERE id = $2`, [iso(returnsAt), leadId]);
    },

    async isContact(leadId: number, email: string): Promise<boolean> {
      const { rowCount } = await session.query(`SELECT 1 FROM contacts WHERE lead_id = $1 AND email = $2`, [leadId, email]);
      return (rowCount ?? 0) > 0;
    },

    async markBooked(leadId: number, at: number): Promise<void> {
      await session.query(`UPDATE leads SET booked_at = $1 WHERE id = $2 AND booked_at IS NULL`, [iso(at), leadId]);
    },
  };
}

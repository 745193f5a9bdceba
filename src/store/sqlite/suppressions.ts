import type { Db } from './database.js';
import type { Suppressions } from '../suppressions.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';

/** Addresses that unsubscribed from a campaign: the agent never writes to them about it again. */
export function createSuppressions(db: Db): Synchronous<Suppressions> {
  const insert = db.prepare(`INSERT OR IGNORE INTO suppressions (campaign, email, reason, created_at) VALUES (?, ?, ?, ?)`);
  const find = db.prepare(`SELECT 1 FROM suppressions WHERE campaign = ? AND email = ?`);

  return {
    add(campaign: string, email: string, reason: string, now: number): void {
      insert.run(campaign, email, reason, iso(now));
    },
    has(campaign: string, email: string): boolean {
      return find.get(campaign, email) !== undefined;
    },
  };
}

import type { Session } from './session.js';
import type { Suppressions } from '../suppressions.js';
import { iso } from '../rows/iso.js';

/** Addresses that unsubscribed from a campaign: the agent never writes to them about it again. */
export function createPostgresSuppressions(session: Session): Suppressions {
  return {
    async add(campaign, email, reason, now) {
      // The first reason and time stay: unsubscribing again changes nothing.
      await session.query(`INSERT INTO suppressions (campaign, email, reason, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        campaign,
        email,
        reason,
        iso(now),
      ]);
    },
    async has(campaign, email) {
      const { rowCount } = await session.query(`SELECT 1 FROM suppressions WHERE campaign = $1 AND email = $2`, [campaign, email]);
      return (rowCount ?? 0) > 0;
    },
  };
}

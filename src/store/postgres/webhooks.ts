import type { Session } from './session.js';
import type { Webhooks } from '../webhooks.js';
import type { Claimant } from '../spool.js';
import { iso } from '../rows/iso.js';
import { DELIVERY_COLUMNS, webhookDelivery, type DeliveryRow } from '../rows/webhooks.js';

export function createPostgresWebhooks(session: Session): Webhooks {
  return {
    async enqueue(deliveries, now) {
      if (deliveries.length === 0) return;
      // One statement: the rows land together, inside the caller's transaction or on their own.
      const values: unknown[] = [iso(now)];
      const tuples = deliveries.map((delivery) => {
        const at = values.push(delivery.webhookId, delivery.endpoint, delivery.event, delivery.leadId, delivery.payload);
        return `($${at - 4}, $${at - 3}, $${at - 2}, $${at - 1}, $${at}, 'pending', $1, $1)`;
      });
      await session.query(`INSERT INTO webhook_deliveries (webhook_id, endpoint, event, lead_id, payload, status, next_attempt_at, created_at)
        VALUES ${tuples.join(', ')}`, values);
    },

    async claimNext(now: number, claimant: Claimant) {
      // SKIP LOCKED keeps two claims off one row. A lead's order needs no lock of its own: the
      // later event is only a candidate once the earlier one is no longer pending, and a
      // delivery leaves 'pending' only after its claim (delivered, or failed for good).
      const { rows } = await session.query<DeliveryRow>(`UPDATE webhook_deliveries SET claimed_by = $2, lease_until = $3
        WHERE id = (SELECT id FROM webhook_deliveries d WHERE status = 'pending' AND next_attempt_at <= $1
          AND (lease_until IS NULL OR lease_until < $1)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.status = 'pending' AND e.endpoint = d.endpoint
            AND e.lead_id IS NOT DISTINCT FROM d.lead_id AND e.id < d.id)
          ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING ${DELIVERY_COLUMNS}`, [iso(now), claimant.node, iso(now + claimant.leaseMs)]);
      return rows[0] ? webhookDelivery(rows[0]) : null;
    },

    async delivered(id, now) {
      await session.query(`UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $1, last_error = NULL,
        claimed_by = NULL, lease_until = NULL WHERE id = $2`, [iso(now), id]);
    },

    // A late failure (its node's lease ran out, another delivered it) leaves a delivered row alone.
    async attemptFailed(id, error, retryAt) {
      if (retryAt === null) {
        await session.query(`UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_error = $1,
          claimed_by = NULL, lease_until = NULL WHERE id = $2 AND status = 'pending'`, [error, id]);
      } else {
        await session.query(`UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
          claimed_by = NULL, lease_until = NULL WHERE id = $3 AND status = 'pending'`, [
          error,
          iso(retryAt),
          id,
        ]);
      }
    },

    async failed() {
      const { rows } = await session.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE status = 'failed' ORDER BY id`);
      return rows.map(webhookDelivery);
    },

    async retry(id, now) {
      const { rowCount } =
        id === null
          ? await session.query(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1 WHERE status = 'failed'`, [iso(now)])
          : await session.query(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1 WHERE status = 'failed' AND id = $2`, [
              iso(now),
              id,
            ]);
      return rowCount ?? 0;
    },

    async pending() {
      const { rows } = await session.query<{ count: number }>(`SELECT count(*) AS count FROM webhook_deliveries WHERE status = 'pending'`);
      return rows[0]!.count;
    },
  };
}

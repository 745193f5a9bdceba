import type { Db } from './database.js';
import { iso } from '../rows/iso.js';
import type { Webhooks } from '../webhooks.js';
import type { Synchronous } from './transactions.js';
import type { Claimant } from '../spool.js';
import { DELIVERY_COLUMNS, webhookDelivery, type DeliveryRow } from '../rows/webhooks.js';

export function createWebhooks(db: Db): Synchronous<Webhooks> {
  const insert = db.prepare(`INSERT INTO webhook_deliveries (webhook_id, endpoint, event, lead_id, payload, status, next_attempt_at, created_at)
    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`);
  // A lead's later event waits while an earlier one to the same endpoint is still pending, claimed or not.
  const claim = db.prepare(`UPDATE webhook_deliveries SET claimed_by = @node, lease_until = @until
    WHERE id = (SELECT id FROM webhook_deliveries d WHERE status = 'pending' AND next_attempt_at <= @now
      AND (lease_until IS NULL OR lease_until < @now)
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.status = 'pending' AND e.endpoint = d.endpoint
        AND e.lead_id IS d.lead_id AND e.id < d.id)
      ORDER BY next_attempt_at, id LIMIT 1)
    RETURNING ${DELIVERY_COLUMNS}`);
  const delivered = db.prepare(`UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL,
    claimed_by = NULL, lease_until = NULL WHERE id = ?`);
  // A late failure (its node's lease ran out, another delivered it) leaves a delivered row alone.
  const retryAt = db.prepare(`UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
    claimed_by = NULL, lease_until = NULL WHERE id = ? AND status = 'pending'`);
  const dead = db.prepare(`UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?,
    claimed_by = NULL, lease_until = NULL WHERE id = ? AND status = 'pending'`);
  const failed = db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE status = 'failed' ORDER BY id`);
  const retryOne = db.prepare(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE status = 'failed' AND id = ?`);
  const retryAll = db.prepare(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE status = 'failed'`);
  const pending = db.prepare(`SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'`).pluck();

  return {
    enqueue(deliveries, now) {
      for (const delivery of deliveries) {
        insert.run(delivery.webhookId, delivery.endpoint, delivery.event, delivery.leadId, delivery.payload, iso(now), iso(now));
      }
    },
    claimNext(now: number, claimant: Claimant) {
      const row = claim.get({ now: iso(now), node: claimant.node, until: iso(now + claimant.leaseMs) }) as DeliveryRow | undefined;
      return row ? webhookDelivery(row) : null;
    },
    delivered(id, now) {
      delivered.run(iso(now), id);
    },
    attemptFailed(id, error, at) {
      if (at === null) dead.run(error, id);
      else retryAt.run(error, iso(at), id);
    },
    failed: () => (failed.all() as DeliveryRow[]).map(webhookDelivery),
    retry: (id, now) => (id === null ? retryAll.run(iso(now)) : retryOne.run(iso(now), id)).changes,
    pending: () => pending.get() as number,
  };
}

import type { WebhookDelivery } from '../webhooks.js';

/** A webhook delivery as both engines read it. */
export interface DeliveryRow {
  id: number;
  webhook_id: string;
  endpoint: string;
  event: string;
  lead_id: number | null;
  payload: string;
  attempts: number;
  created_at: string;
  last_error: string | null;
}

export const DELIVERY_COLUMNS = 'id, webhook_id, endpoint, event, lead_id, payload, attempts, created_at, last_error';

export function webhookDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    endpoint: row.endpoint,
    event: row.event,
    leadId: row.lead_id,
    payload: row.payload,
    attempts: row.attempts,
    createdAt: Date.parse(row.created_at),
    lastError: row.last_error,
  };
}

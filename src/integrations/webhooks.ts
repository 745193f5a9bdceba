import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import type { WebhookDelivery } from '../store/webhooks.js';
import type { WebhookEvent } from '../config/webhook-events.js';

/** One thing that happened, as the team's tools hear about it. */
export interface WebhookNotice {
  type: WebhookEvent;
  leadId: number | null;
  data: Record<string, unknown>;
}

/** Waits between attempts: quick at first for a blip, then hours for an outage (about 16 h in all). */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000];
const TIMEOUT_MS = 10_000;

/**
 * Queues the notice for every endpoint that wants its type. Call it inside the transaction of
 * what it tells, so the notice exists exactly when the thing happened.
 */
export async function queueWebhook(store: Store, config: Config, notice: WebhookNotice, now: number): Promise<void> {
  const endpoints = config.integrations.webhooks.filter((endpoint) => endpoint.events.includes(notice.type));
  if (endpoints.length === 0) return;
  const payload = JSON.stringify({ type: notice.type, timestamp: new Date(now).toISOString(), data: notice.data });
  await store.webhooks.enqueue(
    endpoints.map((endpoint) => ({ webhookId: `msg_${randomUUID()}`, endpoint: endpoint.url, event: notice.type, leadId: notice.leadId, payload })),
    now,
  );
}

export type DeliveryResult = { ok: true } | { ok: false; error: string };

/**
 * POSTs one delivery, signed as Standard Webhooks says (webhook-id, webhook-timestamp,
 * webhook-signature over id.timestamp.body). Any 2xx is delivered; anything else, a timeout or
 * a refused connection is tried again later. The timestamp is the wall clock's: receivers check
 * it against theirs to refuse replays, whatever clock the service decides with.
 */
export async function sendWebhook(config: Config, delivery: WebhookDelivery): Promise<DeliveryResult> {
  const endpoint = config.integrations.webhooks.find((candidate) => candidate.url === delivery.endpoint);
  if (!endpoint) return { ok: false, error: 'the endpoint is no longer configured' };
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  const signature = new Webhook(endpoint.secret).sign(delivery.webhookId, at, delivery.payload);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'campaign-agent',
        'webhook-id': delivery.webhookId,
        'webhook-timestamp': String(at.getTime() / 1000),
        'webhook-signature': signature,
      },
      body: delivery.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300 ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, error: (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause ?? (error as Error).message) };
  }
}

/** When to try a delivery again after `attempts` failed ones, or null when it has had them all. */
export function nextAttempt(attempts: number, now: number): number | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : now + delay;
}

import type { Claimant } from './spool.js';

/** Webhook deliveries: durable, at least once, in order per lead and endpoint (integrations/webhooks.ts sends them). */
export interface WebhookDelivery {
  id: number;
  webhookId: string;
  endpoint: string;
  event: string;
  leadId: number | null;
  payload: string;
  attempts: number;
  createdAt: number;
  lastError: string | null;
}

export interface Webhooks {
  /** Queues the deliveries; call inside the transaction of what caused them. */
  enqueue(deliveries: ReadonlyArray<{ webhookId: string; endpoint: string; event: string; leadId: number | null; payload: string }>, now: number): Promise<void>;
  /**
   * Takes the oldest delivery due at `now` that nobody holds (no claim, or one whose lease ran
   * out) and that is the first one pending of its lead to its endpoint: a lead's later event
   * waits, on every node, while an earlier one is pending, claimed or not (its events arrive in
   * order). A delivery is made by one worker of one node at a time.
   */
  claimNext(now: number, claimant: Claimant): Promise<WebhookDelivery | null>;
  /** The claim ends. */
  delivered(id: number, now: number): Promise<void>;
  /** Schedules the next attempt at `retryAt`, or keeps it as failed when that is null. The claim ends. */
  attemptFailed(id: number, error: string, retryAt: number | null): Promise<void>;
  /** Deliveries that ran out of attempts, oldest first. */
  failed(): Promise<WebhookDelivery[]>;
  /** Failed deliveries (one, or all when id is null) queued again now; returns how many. */
  retry(id: number | null, now: number): Promise<number>;
  /** Deliveries still to be made, for /metrics. */
  pending(): Promise<number>;
}

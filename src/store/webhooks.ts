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
   * The oldest delivery due at `now` whose endpoint has nothing older pending for the same lead
   * (a lead's events arrive in order), other than the ones in hand.
   */
  nextDue(now: number, inHand: ReadonlySet<number>): Promise<WebhookDelivery | null>;
  delivered(id: number, now: number): Promise<void>;
  /** Schedules the next attempt at `retryAt`, or keeps it as failed when that is null. */
  attemptFailed(id: number, error: string, retryAt: number | null): Promise<void>;
  /** Deliveries that ran out of attempts, oldest first. */
  failed(): Promise<WebhookDelivery[]>;
  /** Failed deliveries (one, or all when id is null) queued again now; returns how many. */
  retry(id: number | null, now: number): Promise<number>;
  /** Deliveries still to be made, for /metrics. */
  pending(): Promise<number>;
}

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What the service counts, as a narrow port: the listener and the pipeline call these methods
 * and never see prom-client. Label values must come from small fixed sets (configured campaigns
 * and hosts, reason codes), never from mail content, or the series multiply without bound.
 */
export interface Metrics {
  /** An inbound message was accepted (250) for a campaign; once per campaign it was addressed to. */
  messageReceived(campaign: string): void;
  /** The SMTP edge refused a message or a session; `reason` e.g. unknown_recipient, too_large, rate_limited, too_many_connections_per_ip, data_deadline, auth_locked_out, mime_too_deep (README, operations). */
  messageRefused(reason: string): void;
  /**
   * A person's message ended in a turn that queued mail: an answer to the prospect (offer,
   * confirmation, reply) or a handoff, which may mail only staff. Forward copies and follow-ups
   * do not count.
   */
  messageAnswered(campaign: string): void;
  /**
   * Seconds from the pipeline starting a person's message to its turn committed. Robots,
   * duplicates, suppressed senders and failures are not measured.
   */
  pipelineLatency(seconds: number): void;
  /** A meeting was booked (not on a reschedule); `host` is the organiser's id. */
  bookingMade(campaign: string, host: string): void;
  /** One LLM call ended; `outcome` e.g. ok, timeout, error, invalid_answer, budget_exceeded. */
  llmCall(outcome: string): void;
  /** The rules engine answered instead of the LLM; `reason` e.g. no_key, timeout, invalid_answer, budget. */
  llmFallback(reason: string): void;
  /** A calendar provider call failed; `code` is the adapter's error code. */
  calendarError(provider: string, code: string): void;
  /** The pipeline could not finish an inbound message; `reason` e.g. campaign_gone, unparseable, pipeline_error. */
  messageFailed(reason: string): void;
  /**
   * A lead or a message went to a person. `cause`: conversation (the agent stepped back),
   * failure (the pipeline gave up after its retries), postmaster (mail to postmaster@/abuse@).
   */
  handedOff(campaign: string, cause: 'conversation' | 'failure' | 'postmaster'): void;
  /**
   * Offer holds met: `gave_way` (the team ran short of time and an offer reused times held for
   * other leads), `slot_taken` (a lead picked a time that was no longer free), `claimed_meanwhile`
   * (an offer decided again: another turn held its times meanwhile), `rerouted` (routed again:
   * the chosen rep's last free times were held meanwhile).
   */
  holdConflict(kind: 'gave_way' | 'slot_taken' | 'claimed_meanwhile' | 'rerouted'): void;
  /** A webhook delivery attempt: delivered, to be retried, or out of attempts. */
  webhookAttempt(event: string, result: 'delivered' | 'retrying' | 'failed'): void;
}

/** The Metrics port plus the Prometheus exposition the web server serves at /metrics. */
export interface ServiceMetrics extends Metrics {
  /** Reports the offered times held for leads (read from the store at each scrape) as a gauge. */
  watchHolds(read: () => Promise<number>): void;
  /** Reports the webhook deliveries still to be made (read from the store at each scrape). */
  watchWebhooks(read: () => Promise<number>): void;
  /** Reports the inbound backlog (read from the store at each scrape) as gauges. */
  watchBacklog(read: () => Promise<{ pending: number; retrying: number; failed: number; oldestPendingAt: number | null }>, now: () => number): void;
  readonly contentType: string;
  render(): Promise<string>;
}

/** Pipeline latency buckets: most messages take well under a second; LLM and calendar calls stretch it. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A registry of its own (not prom-client's global one), so tests and services never share counts. */
export function createMetrics(options: { processMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const received = counter('campaign_agent_messages_received_total', 'Inbound messages accepted, per campaign', ['campaign']);
  const refused = counter('campaign_agent_messages_refused_total', 'Inbound messages refused at the SMTP edge, by reason', ['reason']);
  const answered = counter('campaign_agent_messages_answered_total', 'Messages from people whose turn queued mail (an answer or a handoff), per campaign', ['campaign']);
  const latency = new Histogram({
    name: 'campaign_agent_pipeline_latency_seconds',
    help: 'Time from the pipeline starting a message from a person to committing its turn',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const bookings = counter('campaign_agent_bookings_total', 'Meetings booked, per campaign and organiser', ['campaign', 'host']);
  const llmCalls = counter('campaign_agent_llm_calls_total', 'LLM calls, by outcome', ['outcome']);
  const llmFallbacks = counter('campaign_agent_llm_fallbacks_total', 'Messages the rules engine read instead of the LLM, by reason', ['reason']);
  const failedMessages = counter('campaign_agent_messages_failed_total', 'Inbound messages the pipeline could not finish, by reason', ['reason']);
  const handoffs = counter('campaign_agent_handoffs_total', 'Leads and messages handed to a person, per campaign and cause', ['campaign', 'cause']);
  const holdConflicts = counter('campaign_agent_hold_conflicts_total', 'Offers that reused held times, offers decided again or routed again because another turn held their times meanwhile, and picks of times no longer free', ['kind']);
  const webhookAttempts = counter('campaign_agent_webhook_attempts_total', 'Webhook delivery attempts, per event and result (delivered, retrying, failed: out of attempts)', ['event', 'result']);
  const calendarErrors = counter('campaign_agent_calendar_errors_total', 'Failed calendar provider calls', ['provider', 'code']);
  return {
    messageReceived: (campaign) => received.inc({ campaign }),
    messageRefused: (reason) => refused.inc({ reason }),
    messageAnswered: (campaign) => answered.inc({ campaign }),
    pipelineLatency: (seconds) => latency.observe(seconds),
    bookingMade: (campaign, host) => bookings.inc({ campaign, host }),
    llmCall: (outcome) => llmCalls.inc({ outcome }),
    llmFallback: (reason) => llmFallbacks.inc({ reason }),
    calendarError: (provider, code) => calendarErrors.inc({ provider, code }),
    messageFailed: (reason) => failedMessages.inc({ reason }),
    handedOff: (campaign, cause) => handoffs.inc({ campaign, cause }),
    holdConflict: (kind) => holdConflicts.inc({ kind }),
    webhookAttempt: (event, result) => webhookAttempts.inc({ event, result }),
    watchHolds(read) {
      new Gauge({ name: 'campaign_agent_held_slots', help: 'Offered times held for the lead they were offered to', registers: [registry], async collect() { this.set(await read()); } });
    },
    watchWebhooks(read) {
      new Gauge({ name: 'campaign_agent_webhooks_pending', help: 'Webhook deliveries not yet made (new, or waiting to be retried)', registers: [registry], async collect() { this.set(await read()); } });
    },
    watchBacklog(read, now) {
      // Read at each scrape; three index look-ups, so each gauge reads for itself.
      const gauge = (name: string, help: string, value: (backlog: Awaited<ReturnType<typeof read>>) => number) =>
        new Gauge({ name, help, registers: [registry], async collect() { this.set(value(await read())); } });
      gauge('campaign_agent_messages_pending', 'Inbound messages received or being processed', (b) => b.pending);
      gauge('campaign_agent_messages_retrying', 'Inbound messages that failed and wait for their next attempt', (b) => b.retrying);
      gauge('campaign_agent_messages_failed', 'Inbound messages left failed by a version without retries, waiting for campaign-agent retry', (b) => b.failed);
      gauge('campaign_agent_oldest_pending_message_seconds', 'Age of the oldest inbound message not yet processed', (b) => (b.oldestPendingAt === null ? 0 : Math.max(0, (now() - b.oldestPendingAt) / 1000)));
    },
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}

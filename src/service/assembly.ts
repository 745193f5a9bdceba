import type { Logger } from 'pino';
import type { CampaignConfig, Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { createFileSender, createSmtpSender, type MailSender } from '../mail/outbound.js';
import { ownDomains } from '../mail/read-message.js';
import { processMessage, transient, type PipelineDeps } from '../pipeline/process-message.js';
import { settleFailure } from '../pipeline/failure.js';
import { runDueFollowUps } from '../pipeline/follow-ups.js';
import { syncHoldEvents } from '../pipeline/hold-events.js';
import { sendDueReminders } from '../pipeline/reminders.js';
import { nextAttempt, sendWebhook } from '../integrations/webhooks.js';
import type { WebhookDelivery } from '../store/webhooks.js';
import { warmUp } from '../pipeline/warm-up.js';
import type { Conversation } from '../store/conversations.js';
import { createCalendarRegistry, type CalendarRegistry } from '../calendar/registry.js';
import { createLocalCalendar } from '../calendar/local/calendar.js';
import { createGoogleCalendar } from '../calendar/google/calendar.js';
import { createRulesUnderstander } from '../agent/rules/understander.js';
import { createLlmGateway, LlmError, type LlmGateway, type UsagePort } from '../agent/llm/gateway.js';
import { phraseReply } from '../agent/llm/reply-phrasing.js';
import { createConversationTurns } from '../pipeline/conversation-turns.js';
import type { Phraser } from '../pipeline/turn-types.js';
import { createLlmUnderstander } from '../agent/llm/understander.js';
import { createFallbackUnderstander } from '../agent/fallback-understander.js';
import { loadPrompts, type Prompts } from '../agent/llm/prompts.js';
import type { Understander } from '../agent/understanding.js';
import { authenticate } from '../mail/authenticate.js';
import { isLoopback } from '../mail/smtp/security.js';
import type { Authenticator } from '../pipeline/trust.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';

/**
 * The one place adapters are built and wired: calendars, the LLM and the rules engine, the
 * authenticator and the sender, from the configuration. Everything below receives its deps.
 */
export function buildPipeline(
  config: Config,
  store: Store,
  logger: Logger,
  now: () => number,
  metrics: Metrics = createMetrics(),
  authenticator: Authenticator = buildAuthenticator(config),
) {
  const llm = buildLlm(config, store);
  const deps: PipelineDeps = {
    config,
    campaigns: new Map(config.campaigns.map((campaign) => [campaign.address, campaign])),
    ownDomains: ownDomains(config),
    store,
    calendars: buildCalendars(config, logger),
    understanderFor: buildUnderstanders(llm, metrics, logger),
    phrase: buildPhraser(config, llm, logger),
    turns: createConversationTurns(),
    authenticate: authenticator,
    metrics,
    now,
    logger,
  };
  const sender: MailSender = config.service.outboundSmtpUrl
    ? createSmtpSender(config.service.outboundSmtpUrl)
    : createFileSender(config.service.outboxDir);
  const retention = keepingMessages(config, store, logger, now);
  return {
    deps,
    sender,
    // Whatever a message meets, its attempt ends in an outcome: a failure is retried, then handed over.
    process: (message: Parameters<typeof processMessage>[1]) =>
      processMessage(deps, message).catch((error: unknown) => settleFailure(deps, message, transient(error, null))),
    followUps: async () => {
      // Ended holds steer nothing (reads skip them); the same slow tick clears them away and
      // brings the reps' calendars (write_holds) in line with the holds left.
      await store.holds.sweep(now());
      const stepped = (await runDueFollowUps(deps)) + (await sendDueReminders(deps));
      await syncHoldEvents(deps, now());
      await retention();
      return stepped;
    },
    warmUp: () => warmUp(deps),
    deliverWebhook: async (delivery: WebhookDelivery) => {
      const result = await sendWebhook(config, delivery);
      if (result.ok) {
        await store.webhooks.delivered(delivery.id, now());
        metrics.webhookAttempt(delivery.event, 'delivered');
        return;
      }
      const retryAt = nextAttempt(delivery.attempts + 1, now());
      await store.webhooks.attemptFailed(delivery.id, result.error, retryAt);
      metrics.webhookAttempt(delivery.event, retryAt === null ? 'failed' : 'retrying');
      const log = { webhook: delivery.webhookId, event: delivery.event, endpoint: delivery.endpoint, error: result.error, attempts: delivery.attempts + 1 };
      if (retryAt === null) logger.error(log, 'webhook delivery out of attempts; see campaign-agent webhooks failed');
      else logger.warn({ ...log, retryAt: new Date(retryAt).toISOString() }, 'webhook delivery failed; tried again later');
    },
  };
}

export type Pipeline = ReturnType<typeof buildPipeline>;

const RETENTION_EVERY_MS = 60 * 60_000;

/** service.retention: at most once an hour, the bodies and text of messages past their days go. */
function keepingMessages(config: Config, store: Store, logger: Logger, now: () => number): () => Promise<void> {
  const days = config.service.retention.messagesDays;
  let last = -Infinity;
  return async () => {
    if (days === null || now() - last < RETENTION_EVERY_MS) return;
    last = now();
    const purged = await store.personalData.purgeBodies({ before: now() - days * 86_400_000, now: now() });
    if (purged > 0) logger.info({ purged, days }, 'message bodies past their retention deleted');
  };
}

const GOOGLE_DEFAULT_ROOT = 'https://www.googleapis.com/';

/** Local .ics calendars and Google Calendar, found by each host's `provider:`. */
export function buildCalendars(config: Config, logger: Logger): CalendarRegistry {
  const rootUrl = config.service.googleApiRootUrl;
  return createCalendarRegistry({
    local: createLocalCalendar({}),
    google: createGoogleCalendar({
      rootUrl,
      // A non-default API root is a proxy or a test double: it serves the OAuth token endpoint too.
      ...(rootUrl === GOOGLE_DEFAULT_ROOT ? {} : { tokenUrl: `${rootUrl}token` }),
      logger: logger.child({ component: 'google-calendar' }),
    }),
  });
}

/** The one LLM gateway (when a key or base URL is configured) and the prompts, shared by every use. */
export function buildLlm(config: Config, store: Store): { gateway: LlmGateway; prompts: Prompts } | null {
  const llm = config.service.llm;
  if (!llm) return null;
  // Token use is counted per conversation in the database, so the budget survives restarts.
  const usage: UsagePort = {
    spent: (key) => store.conversations.llmTokensSpent(Number(key)),
    record: (key, tokens) => store.conversations.addLlmTokens(Number(key), tokens),
  };
  const gateway = createLlmGateway({
    apiKey: llm.apiKey,
    baseUrl: llm.baseUrl,
    model: llm.model,
    timeoutMs: llm.timeoutMs,
    tokenBudgetPerConversation: llm.tokenBudgetPerConversation,
    usage,
  });
  return { gateway, prompts: loadPrompts() };
}

/**
 * The rules engine alone, or the LLM with the rules engine behind it. The LLM understander is
 * built per conversation because its token budget is per conversation.
 */
export function buildUnderstanders(
  llm: ReturnType<typeof buildLlm>,
  metrics: Metrics,
  logger: Logger,
): (campaign: CampaignConfig, conversation: Conversation) => Understander {
  const rules = createRulesUnderstander();
  if (!llm) return () => rules;
  const { gateway, prompts } = llm;
  return (campaign, conversation) =>
    createFallbackUnderstander({
      primary: counted(
        createLlmUnderstander({
          gateway,
          prompts,
          conversationKey: String(conversation.id),
          campaignName: campaign.name,
          ...(campaign.llmModel ? { model: campaign.llmModel } : {}),
        }),
        metrics,
      ),
      fallback: rules,
      logger,
      onFallback: (fallback) => metrics.llmFallback(fallback.code),
    });
}

/**
 * Lets the model reword a reply when the service enables it; the draft goes out unless every
 * time, name and link survives and nothing new was added (agent/llm/reply-phrasing.ts checks).
 */
export function buildPhraser(config: Config, llm: ReturnType<typeof buildLlm>, logger: Logger): Phraser | null {
  if (!llm || !config.service.llm?.phraseReplies) return null;
  return async ({ campaign, conversationId, draft, facts, language }) => {
    const phrased = await phraseReply({
      gateway: llm.gateway,
      prompts: llm.prompts,
      conversationKey: String(conversationId),
      campaignName: campaign.name,
      ...(campaign.llmModel ? { model: campaign.llmModel } : {}),
      draft,
      facts,
      language,
    });
    if (phrased.source === 'draft') logger.info({ conversation: conversationId, reason: phrased.reason }, 'kept the template wording');
    return phrased.text;
  };
}

/** Counts every LLM understanding by how it ended (ok, timeout, malformed, refused, ...). */
function counted(llm: Understander, metrics: Metrics): Understander {
  return {
    async understand(context) {
      try {
        const understanding = await llm.understand(context);
        metrics.llmCall('ok');
        return understanding;
      } catch (error) {
        metrics.llmCall(error instanceof LlmError ? error.code : 'error');
        throw error;
      }
    },
  };
}

/**
 * SPF/DKIM/DMARC from the connection's own facts. Mail from a loopback client (a local MTA that
 * relays to us, `replay`) has no outside facts to check.
 */
export function buildAuthenticator(config: Config): Authenticator {
  return async ({ message }) => {
    const ip = message.remoteAddress;
    if (!ip || isLoopback(ip)) {
      return { verdict: 'none', reason: 'not checked: local client' };
    }
    return authenticate({
      raw: message.raw.stream(),
      clientIp: ip,
      helo: message.helo,
      envelopeFrom: message.envelopeFrom,
      mta: config.service.domain,
    });
  };
}

import type { Logger } from 'pino';
import type { CampaignConfig, Config } from './config/types.js';
import type { Store } from './store/store.js';
import type { Conversation } from './store/conversations.js';
import { createCalendarRegistry, type CalendarRegistry } from './calendar/registry.js';
import { createLocalCalendar } from './calendar/local.js';
import { createGoogleCalendar } from './calendar/google.js';
import { createRulesUnderstander } from './agent/rules.js';
import { createLlmGateway, LlmError, type UsagePort } from './agent/llm-gateway.js';
import { createLlmUnderstander } from './agent/llm-understander.js';
import { createFallbackUnderstander } from './agent/fallback-understander.js';
import { loadPrompts } from './agent/prompts.js';
import type { Understander } from './agent/understanding.js';
import { authenticate } from './mail/authenticate.js';
import type { Authenticator } from './pipeline/trust.js';
import type { Metrics } from './metrics.js';

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

/**
 * The rules engine alone, or the LLM with the rules engine behind it. The LLM is built per
 * conversation because its token budget is per conversation (kept in the database).
 */
export function buildUnderstanders(
  config: Config,
  store: Store,
  metrics: Metrics,
  logger: Logger,
): (campaign: CampaignConfig, conversation: Conversation) => Understander {
  const rules = createRulesUnderstander();
  const llm = config.service.llm;
  if (!llm) return () => rules;
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
  const prompts = loadPrompts();
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
    if (!ip || ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.')) {
      return { verdict: 'none', reason: 'not checked: local client' };
    }
    return authenticate({
      raw: message.raw,
      clientIp: ip,
      helo: message.helo,
      envelopeFrom: message.envelopeFrom,
      mta: config.service.domain,
    });
  };
}

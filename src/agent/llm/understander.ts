import { DateTime } from 'luxon';
import type { Interval } from '../../core/interval.js';
import { answerSchema } from './answer.js';
import type { LlmGateway } from './gateway.js';
import { renderPrompt, type Prompts } from './prompts.js';
import type { Understander, UnderstandingContext } from '../understanding.js';

export interface LlmUnderstanderOptions {
  gateway: LlmGateway;
  /** Loaded once at start with loadPrompts(). */
  prompts: Prompts;
  /** The conversation the tokens are charged to. */
  conversationKey: string;
  campaignName: string;
  /** The campaign's model, else the gateway's default. */
  model?: string | null;
}

const TOOL = {
  name: 'record_understanding',
  description: "Records what the prospect's latest reply means for scheduling.",
};

/**
 * Understanding by a model. It sees the offers only as ids with their times in the prospect's
 * zone, the booked meeting, now and the zone; the mail text travels as untrusted data. Built
 * per conversation because the token budget is. Throws LlmError; see createFallbackUnderstander.
 */
export function createLlmUnderstander(options: LlmUnderstanderOptions): Understander {
  return {
    async understand(context) {
      const answer = await options.gateway.callTool({
        conversationKey: options.conversationKey,
        model: options.model ?? null,
        instructions: instructions(options, context),
        data: [{ label: 'mail_text', text: context.text }],
        tool: TOOL,
        schema: answerSchema(context),
      });
      return answer.value;
    },
  };
}

function instructions(options: LlmUnderstanderOptions, context: UnderstandingContext): string {
  const zone = context.timeZone;
  const offered = context.offered.map((offer) => `  - id ${offer.position}: ${span(offer, zone)}`);
  return renderPrompt(options.prompts, 'understand', {
    campaign: options.campaignName,
    now: local(context.now, zone).toFormat("cccc yyyy-LL-dd'T'HH:mm"),
    zone,
    offered: offered.length > 0 ? offered.join('\n') : '  (none)',
    booked: context.booked ? span(context.booked, zone) : 'none',
  });
}

/** "Tuesday 2025-06-10T10:00 to 2025-06-10T10:30": the same local format the model answers in. */
function span(interval: Interval, zone: string): string {
  const format = "cccc yyyy-LL-dd'T'HH:mm";
  return `${local(interval.start, zone).toFormat(format)} to ${local(interval.end, zone).toFormat("yyyy-LL-dd'T'HH:mm")}`;
}

/** English weekday names whatever the host's locale, to match the prompt. */
function local(at: number, zone: string): DateTime {
  return DateTime.fromMillis(at, { zone, locale: 'en-US' });
}

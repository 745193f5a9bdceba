import { INITIAL_STATE } from '../core/conversation.js';
import { understandByRules } from '../agent/rules/understander.js';
import { freshAvailability, type AvailabilityDeps } from './availability.js';

/** Warm-up never holds the start longer: past it, a slow calendar API delays the first turn instead. */
const WARM_UP_LIMIT_MS = 5_000;
const SAMPLE_REPLY = 'Hi, could we talk next Tuesday at 10am, or Wednesday afternoon (3pm CET)? The second slot works too. Best, Jane';

/**
 * What the first turns after a start would otherwise pay while every other message in the
 * pipeline waits (measured on the first-reply bench: the event loop held 0.3–1 s):
 * - one availability computation per campaign, as a campaign's first message makes it, so
 *   calendar files are parsed and their busy time expanded (both kept, see calendar/local/calendar.ts);
 * - the rules engine (the engine, or the LLM's fallback) reading a sample reply twice: V8 runs a
 *   regular expression interpreted at first and compiles it on its second use, and chrono-node
 *   brings hundreds of them.
 * Nothing is decided or sent; a calendar that cannot be read is recorded as a turn would record it.
 */
export async function warmUp(deps: AvailabilityDeps & { now: () => number }): Promise<void> {
  const work = warmUpAll(deps).catch((error: unknown) => deps.logger.warn({ err: error }, 'warm-up failed; the first turns pay for it'));
  await Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, WARM_UP_LIMIT_MS).unref())]);
}

async function warmUpAll(deps: AvailabilityDeps & { now: () => number }): Promise<void> {
  const now = deps.now();
  for (const campaign of deps.config.campaigns) {
    await freshAvailability(deps, { campaign, state: INITIAL_STATE, prospectZone: campaign.timeZone, prospectDomain: null, ownUids: [], conversationId: null, now });
  }
  for (let pass = 0; pass < 2; pass++) understandByRules({ text: SAMPLE_REPLY, now, timeZone: 'UTC', offered: [], booked: null });
}

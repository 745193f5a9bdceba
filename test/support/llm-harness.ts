import { DateTime } from 'luxon';
import { createLlmGateway, createMemoryUsage, type UsagePort } from '../../src/agent/llm/gateway.js';
import { loadPrompts } from '../../src/agent/llm/prompts.js';
import type { OfferedTime } from '../../src/core/understanding.js';
import type { UnderstandingContext } from '../../src/agent/understanding.js';
import { startFakeOpenAI, type FakeOpenAIOptions } from './fake-openai.js';

export const ZONE = 'Europe/London';
/** Monday 9 June 2025, 09:00 in London: the fixed clock of the LLM tests. */
export const NOW = at('2025-06-09T09:00');

/** Epoch ms of a London wall-clock time (or another zone's). */
export function at(local: string, zone = ZONE): number {
  return DateTime.fromISO(local, { zone }).toMillis();
}

function offer(position: number, local: string): OfferedTime {
  const start = at(local);
  return { position, start, end: start + 30 * 60_000 };
}

/** Tuesday 10:00, Wednesday 14:00, Thursday 16:00, 30 minutes each. */
export const OFFERED: OfferedTime[] = [
  offer(1, '2025-06-10T10:00'),
  offer(2, '2025-06-11T14:00'),
  offer(3, '2025-06-12T16:00'),
];

export function context(text: string, extra: Partial<UnderstandingContext> = {}): UnderstandingContext {
  return { text, now: NOW, timeZone: ZONE, offered: OFFERED, ...extra };
}

export interface HarnessOptions {
  timeoutMs?: number;
  tokenBudgetPerConversation?: number;
  usage?: UsagePort;
}

/** The fake server and a real gateway (real openai SDK) pointed at it. */
export async function startLlm(respond: FakeOpenAIOptions['respond'], options: HarnessOptions = {}) {
  const fake = await startFakeOpenAI({ respond });
  const usage = options.usage ?? createMemoryUsage();
  const gateway = createLlmGateway({
    apiKey: 'test-key',
    baseUrl: fake.baseUrl,
    model: 'default-model',
    timeoutMs: options.timeoutMs ?? 5_000,
    tokenBudgetPerConversation: options.tokenBudgetPerConversation ?? 100_000,
    usage,
  });
  return { fake, gateway, usage, prompts: loadPrompts() };
}

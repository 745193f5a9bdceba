import { afterEach, describe, expect, it } from 'vitest';
import { createFallbackUnderstander, type FallbackReport } from '../src/agent/fallback-understander.js';
import { createLlmUnderstander } from '../src/agent/llm/understander.js';
import { createRulesUnderstander } from '../src/agent/rules/understander.js';
import type { Understander } from '../src/agent/understanding.js';
import {
  delay,
  httpError,
  inOrder,
  refusal,
  toolCall,
  type FakeOpenAI,
  type FakeOpenAIOptions,
} from './support/fake-openai.js';
import { context, startLlm, type HarnessOptions } from './support/llm-harness.js';

const fakes: FakeOpenAI[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

/** The LLM in front of the real rules engine, with what was logged and reported. */
async function engines(respond: FakeOpenAIOptions['respond'], options: HarnessOptions = {}) {
  const { fake, gateway, prompts, usage } = await startLlm(respond, options);
  fakes.push(fake);
  const warnings: unknown[] = [];
  const reports: FallbackReport[] = [];
  const understander = createFallbackUnderstander({
    primary: createLlmUnderstander({ gateway, prompts, conversationKey: 'conv-1', campaignName: 'Demo' }),
    fallback: createRulesUnderstander(),
    logger: { warn: (entry: unknown) => void warnings.push(entry) },
    onFallback: (report) => reports.push(report),
  });
  return { understander, fake, usage, warnings, reports };
}

const PICK_TWO = toolCall({ intent: 'pick', offer_id: 2, language: 'en' });

describe('fallback understander', () => {
  it('answers with the model when it answers well', async () => {
    const { understander, reports } = await engines(inOrder(PICK_TWO));
    const result = await understander.understand(context('The Wednesday slot, please.'));
    expect(result).toMatchObject({ intent: 'pick', choice: 2, engine: 'llm' });
    expect(reports).toEqual([]);
  });

  it('answers with the model after a 500 followed by a 200', async () => {
    const { understander, fake, reports } = await engines(inOrder(httpError(500), PICK_TWO));
    expect(await understander.understand(context('2'))).toMatchObject({ choice: 2, engine: 'llm' });
    expect(fake.requests).toHaveLength(2);
    expect(reports).toEqual([]);
  });

  it.each([
    ['malformed twice', () => toolCall('{"intent": "pick", "offer_id": 2'), {}, 'malformed'],
    ['slower than the timeout', () => delay(2_000, PICK_TWO), { timeoutMs: 100 }, 'timeout'],
    ['refused', () => refusal('I cannot help with that.'), {}, 'refused'],
    ['failing with 500 twice', () => httpError(500), {}, 'api_error'],
  ] as const)('falls back to the rules engine when the model is %s', async (_name, reply, options, code) => {
    const { understander, fake, warnings, reports } = await engines(reply, options);
    const result = await understander.understand(context('2'));
    expect(result).toMatchObject({ intent: 'pick', choice: 2, engine: 'rules' });
    expect(fake.requests).toHaveLength(2);
    expect(reports.map((report) => report.code)).toEqual([code]);
    expect(reports[0]!.understanding).toBe(result);
    expect(warnings).toEqual([expect.objectContaining({ code, engine: 'rules' })]);
  });

  it('makes no HTTP call at all when the conversation is over budget', async () => {
    const { understander, fake, usage, reports } = await engines(inOrder(PICK_TWO), { tokenBudgetPerConversation: 1_000 });
    await usage.record('conv-1', 1_000);
    const result = await understander.understand(context('the second one'));
    expect(result).toMatchObject({ intent: 'pick', choice: 2, engine: 'rules' });
    expect(fake.requests).toHaveLength(0);
    expect(reports.map((report) => report.code)).toEqual(['over_budget']);
  });

  it("passes the rules engine's 'unclear' on for the state machine to hand over", async () => {
    const { understander } = await engines(() => httpError(503));
    const result = await understander.understand(context('Hmm, let me think about the thing we discussed.'));
    expect(result).toMatchObject({ intent: 'unclear', engine: 'rules' });
  });

  it('does not hide an error that is not a model failure', async () => {
    const broken: Understander = { understand: () => Promise.reject(new TypeError('bug')) };
    const understander = createFallbackUnderstander({
      primary: broken,
      fallback: createRulesUnderstander(),
      logger: { warn: () => undefined },
    });
    await expect(understander.understand(context('2'))).rejects.toThrow(TypeError);
  });
});

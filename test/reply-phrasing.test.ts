import { afterEach, describe, expect, it } from 'vitest';
import { phraseReply } from '../src/agent/llm/reply-phrasing.js';
import { httpError, inOrder, toolCall, type FakeOpenAI, type FakeOpenAIOptions } from './support/fake-openai.js';
import { startLlm } from './support/llm-harness.js';

const SLOT = 'Tuesday 10 June, 10:00 – 10:30';
const DRAFT = [
  'Hi Jane,',
  '',
  "You're booked with Alice Moreau:",
  '',
  `  ${SLOT}, London time (UTC+1)`,
  '',
  'The calendar invitation is attached.',
  '',
  'Best regards,',
  'Acme Scheduling',
].join('\n');
const FACTS = [SLOT, 'London time (UTC+1)', 'Alice Moreau', 'Jane'];

const fakes: FakeOpenAI[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function phrase(respond: FakeOpenAIOptions['respond']) {
  const { fake, gateway, prompts } = await startLlm(respond);
  fakes.push(fake);
  const reply = await phraseReply({
    gateway,
    prompts,
    conversationKey: 'conv-1',
    campaignName: 'Q3 webinar follow-up',
    draft: DRAFT,
    facts: FACTS,
    language: 'en',
  });
  return { reply, fake };
}

const written = (text: string) => inOrder(toolCall({ text }));
const polished = `Hi Jane,\n\nGreat news: you're all set with Alice Moreau on ${SLOT}, London time (UTC+1).\nThe invitation is attached.\n\nBest,\nAcme Scheduling`;

describe('reply phrasing', () => {
  it("uses the model's text when every fact is kept and nothing is added", async () => {
    const { reply, fake } = await phrase(written(polished));
    expect(reply).toEqual({ text: polished, source: 'llm', reason: null });
    const [system, user] = fake.requests[0]!.body.messages;
    expect(system!.content).toContain('"Q3 webinar follow-up"');
    expect(system!.content).toContain('"en"');
    expect(system!.content).not.toContain('Alice Moreau');
    expect(user!.content).toContain(`<<<BEGIN UNTRUSTED draft>>>\n${DRAFT}\n<<<END UNTRUSTED draft>>>`);
    expect(user!.content).toContain(`<<<BEGIN UNTRUSTED facts>>>\n- ${SLOT}\n`);
    expect(fake.requests[0]!.body.tools?.[0]?.function.name).toBe('write_reply');
  });

  it.each([
    ['a fact is missing', polished.replace('10:00 – 10:30', '10 to 10:30'), /fact is missing/],
    ['a new time is invented', `${polished}\nIf that fails, 11:00 works too.`, /number not in the draft: "11"/],
    ['a new day is invented', `${polished}\nOr Wednesday, same time.`, /day or month not in the draft: "Wednesday"/],
    ['a link is added', `${polished}\nJoin: https://evil.example/join`, /link not in the draft/],
    ['an address is added', `${polished}\nQuestions? ceo@other.com`, /email address not in the draft/],
  ])('keeps the draft when %s', async (_name, text, reason) => {
    const { reply } = await phrase(written(text));
    expect(reply.text).toBe(DRAFT);
    expect(reply.source).toBe('draft');
    expect(reply.reason).toMatch(reason);
  });

  it('keeps the draft when the model fails, with the failure as the reason', async () => {
    const { reply, fake } = await phrase(() => httpError(500));
    expect(reply).toEqual({ text: DRAFT, source: 'draft', reason: 'api_error' });
    expect(fake.requests).toHaveLength(2);
  });
});

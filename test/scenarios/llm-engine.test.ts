import { afterEach, describe, expect, it } from 'vitest';
import { delay, startFakeOpenAI, toolCall, type FakeOpenAI, type FakeReply } from '../support/fake-openai.js';
import { harnessesClosedAfterEach } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY, PROSPECT, PROSPECT_EMAIL } from '../support/e2e-team.js';

/** The LLM is switched on by OPENAI_BASE_URL, as in production; one-second timeout to keep the suite fast. */
const YAML = campaignYaml({ hosts: [ALICE], service: '  llm:\n    model: test-model\n    timeout_seconds: 1\n' });

let fake: FakeOpenAI | null = null;
afterEach(async () => {
  await fake?.close();
});
// After the fake's hook: after-hooks run in reverse, so the harness still closes before the fake.
const startHarness = harnessesClosedAfterEach();

/** The first request (first contact) asks for times; the next ones get `then` in turn. */
async function run(then: FakeReply[], pickText: string) {
  const replies = [toolCall({ intent: 'request_times', language: 'en' }), ...then];
  fake = await startFakeOpenAI({ respond: (_request, index) => replies[index] ?? toolCall({ intent: 'unclear' }) });
  const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY, env: { OPENAI_BASE_URL: fake.baseUrl } });
  await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hello, could we set up a call?' });
  const [offer] = await h.fresh();
  const offered = h.currentOffer(offer!.conversationId!);
  h.advanceHours(0.25);
  const started = Date.now();
  await h.receive(h.inThread(offer!, { from: PROSPECT, text: pickText }));
  const elapsed = Date.now() - started;
  const mails = await h.fresh();
  const understood = h.rows<{ actor: string; summary: string }>(`SELECT actor, summary FROM decisions WHERE kind = 'understanding' ORDER BY id`);
  return { h, offered, mails, understood, elapsed, fake };
}

describe('the LLM engine through the pipeline (real openai SDK against a local fake)', () => {
  it('a pick by offer id books that slot; the model sees the offers as ids and the mail as untrusted data', async () => {
    const { h, offered, mails, understood, fake } = await run([toolCall({ intent: 'pick', offer_id: 3 })], 'The last option suits me best.');
    expect(understood.map((row) => row.actor)).toEqual(['llm', 'llm']);
    expect(understood[1]!.summary).toBe('understood as pick 3');
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: offered[2]!.start_at, attendee_email: PROSPECT_EMAIL })]);
    expect(mails.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
    const request = fake.requests[1]!.body;
    expect(request.model).toBe('test-model');
    const system = request.messages.find((message) => message.role === 'system')!.content;
    expect(system).toMatch(/id 1: .*\n.*id 2: .*\n.*id 3: /);
    expect(system).not.toContain('The last option suits me best.');
    const user = request.messages.find((message) => message.role === 'user')!.content;
    expect(user).toBe('<<<BEGIN UNTRUSTED mail_text>>>\nThe last option suits me best.\n<<<END UNTRUSTED mail_text>>>');
  });

  it('an offer id that was never offered is refused; after the retry the rules engine decides', async () => {
    const { h, offered, understood, fake } = await run([toolCall({ intent: 'pick', offer_id: 7 }), toolCall({ intent: 'pick', offer_id: 7 })], '2 works for me.');
    expect(fake.requests).toHaveLength(3);
    expect(understood.at(-1)).toEqual({ actor: 'rules', summary: 'understood as pick 2' });
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: offered[1]!.start_at })]);
  });

  it('malformed answers twice: the rules engine decides (decision actor rules) and the pick still books', async () => {
    const { h, offered, mails, understood, fake } = await run([toolCall('{"intent": "pick", "offer_id": '), toolCall('not json at all')], '2 works for me.');
    expect(fake.requests).toHaveLength(3);
    expect(understood.at(-1)).toEqual({ actor: 'rules', summary: 'understood as pick 2' });
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: offered[1]!.start_at })]);
    expect(mails.map((mail) => mail.kind)).toEqual(['confirmation', 'host_brief']);
  });

  it('slower than the timeout twice: the rules engine decides', async () => {
    const slow = delay(1_600, toolCall({ intent: 'pick', offer_id: 1 }));
    const { h, offered, understood, elapsed, fake } = await run([slow, slow], 'Option 2 please.');
    expect(fake.requests).toHaveLength(3);
    expect(understood.at(-1)).toEqual({ actor: 'rules', summary: 'understood as pick 2' });
    expect(h.bookings()).toEqual([expect.objectContaining({ start_at: offered[1]!.start_at })]);
    // Two attempts of one second each, not the model's 1.6 s each.
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(3_100);
  });
});

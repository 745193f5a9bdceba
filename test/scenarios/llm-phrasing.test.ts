import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, toolCall, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai.js';
import { harnessesClosedAfterEach } from '../support/pipeline-harness.js';
import { ALICE, CALENDARS, campaignYaml, MONDAY, PROSPECT } from '../support/e2e-team.js';

const YAML = campaignYaml({ hosts: [ALICE], service: '  llm:\n    timeout_seconds: 1\n    phrase_replies: true\n' });

let fake: FakeOpenAI | null = null;
afterEach(async () => {
  await fake?.close();
});
// After the fake's hook: after-hooks run in reverse, so the harness still closes before the fake.
const startHarness = harnessesClosedAfterEach();

/** The draft the phrasing request carries, as the code wrote it. */
function draftOf(request: RecordedRequest): string {
  const user = request.body.messages.find((message) => message.role === 'user')!.content;
  return /<<<BEGIN UNTRUSTED draft>>>\n([\s\S]*?)\n<<<END UNTRUSTED draft>>>/.exec(user)![1]!;
}

async function firstOffer(reword: (draft: string) => string) {
  fake = await startFakeOpenAI({
    respond: (request) =>
      request.body.tools?.[0]?.function.name === 'write_reply'
        ? toolCall({ text: reword(draftOf(request)) }, { name: 'write_reply' })
        : toolCall({ intent: 'request_times', language: 'en' }),
  });
  const h = startHarness({ yaml: YAML, files: CALENDARS, now: MONDAY, env: { OPENAI_BASE_URL: fake.baseUrl } });
  await h.receive({ from: PROSPECT, subject: 'Demo', text: 'Hello, could we set up a call?' });
  const [offer] = await h.fresh();
  return { offer: offer!, draft: draftOf(fake.requests.at(-1)!) };
}

describe('the LLM may phrase replies; the facts come from the code', () => {
  it('a rewording that keeps every time, name and zone is what the prospect gets', async () => {
    const { offer, draft } = await firstOffer((text) => text.replace('Thanks for getting in touch.', 'Lovely to hear from you!'));
    expect(offer.text).toContain('Lovely to hear from you!');
    expect(offer.text).toBe(draft.replace('Thanks for getting in touch.', 'Lovely to hear from you!'));
  });

  it('a rewording that changes a time is thrown away: the code’s draft goes out', async () => {
    const { offer, draft } = await firstOffer((text) => text.replace(/\d{2}:\d{2}/, '03:00'));
    expect(offer.text).toBe(draft);
  });
});

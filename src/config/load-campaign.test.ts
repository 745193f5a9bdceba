import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { loadConfig } from './load.js';

const folder = configFolderRemovedAfterAll();

// Line numbers in the expectations count from this template: `campaign` lines start at line 12.
const config = (campaign = '') => demoConfigYaml({ team: memberYaml('Alice', 'Europe/London'), campaign: `    team: [alice]\n${campaign}` });

const load = (campaign: string) => loadConfig({ file: folder.write(config(campaign)), env: {} });

describe('campaign: settings beyond the meeting', () => {
  it('defaults to no forwarding, recording failed authentication, no FAQ or templates, a nudge after 48 hours', () => {
    const [campaign] = loaded(load('')).campaigns;
    expect(campaign).toMatchObject({
      forwardTo: null,
      onAuthenticationFailure: 'record',
      faq: [],
      templates: {},
      followUpAfterHours: 48,
      offerHoldMinutes: 1440,
      llmModel: null,
      limits: { messagesPerConversation: 12, messagesPerSenderPerDay: 6 },
    });
    expect(campaign?.meeting.capsPerHost).toEqual({ perDay: null, perWeek: null });
  });

  it('reads them as written', () => {
    const [campaign] = loaded(load(`    forward_to: CRM@Example.com
    on_authentication_failure: hand_to_human
    faq:
      - question: Is there a free trial?
        answer: Yes, 14 days.
    templates:
      decline: No problem, thanks for letting us know.
      follow_up: Did any of these times suit you?
    follow_up_after_hours: null
    llm_model: gpt-4o
    limits: { messages_per_conversation: 4 }
    meeting:
      caps_per_host: { per_day: 2 }
`)).campaigns;
    expect(campaign).toMatchObject({
      forwardTo: 'crm@example.com',
      onAuthenticationFailure: 'hand_to_human',
      faq: [{ question: 'Is there a free trial?', answer: 'Yes, 14 days.' }],
      templates: {
        decline: 'No problem, thanks for letting us know.',
        follow_up: 'Did any of these times suit you?',
      },
      followUpAfterHours: null,
      offerHoldMinutes: 1440,
      llmModel: 'gpt-4o',
      limits: { messagesPerConversation: 4, messagesPerSenderPerDay: 6 },
    });
    expect(campaign?.meeting.capsPerHost).toEqual({ perDay: 2, perWeek: null });
  });
});

describe('campaign: errors name the line and column of the problem', () => {
  const cases = [
    {
      name: 'an unknown template, with a suggestion',
      campaign: '    templates:\n      confirmaton: Booked!\n',
      errors: [
        '13:7: unknown key "confirmaton" in campaigns[0].templates; did you mean "confirmation"? allowed: '
          + 'offer, offer_again, slot_taken, no_fit, unclear, confirmation, rescheduled, cancelled, reminder, decline, '
          + 'unsubscribed, handoff_notice, follow_up, question_deferred, question_answered',
      ],
    },
    {
      name: 'an empty template',
      campaign: '    templates:\n      decline: ""\n',
      errors: ['13:16: campaigns[0].templates.decline: must not be empty'],
    },
    {
      name: 'a forward address that is not an email address',
      campaign: '    forward_to: crm at example.com\n',
      errors: ['12:17: campaigns[0].forward_to: "crm at example.com" is not a valid email address'],
    },
    {
      name: 'forwarding to a campaign address, which would loop',
      campaign: '    forward_to: Demo+crm@meet.example.com\n',
      errors: [
        '12:17: campaigns[0].forward_to: "Demo+crm@meet.example.com" is a campaign address; forwarding there would loop',
      ],
    },
    {
      name: 'an unknown reaction to failed authentication',
      campaign: '    on_authentication_failure: reject\n',
      errors: [
        '12:32: campaigns[0].on_authentication_failure: "reject" is not allowed (one of: record, hand_to_human)',
      ],
    },
    {
      name: 'a follow-up after zero hours',
      campaign: '    follow_up_after_hours: 0\n',
      errors: ['12:28: campaigns[0].follow_up_after_hours: must be more than 0, got 0'],
    },
    {
      name: 'an FAQ entry without an answer',
      campaign: '    faq:\n      - question: Pricing?\n',
      errors: ['13:9: campaigns[0].faq[0]: missing required key "answer"'],
    },
    {
      name: 'a limit of zero',
      campaign: '    limits: { messages_per_sender_per_day: 0 }\n',
      errors: ['12:44: campaigns[0].limits.messages_per_sender_per_day: 0 is not a whole number from 1 to 1000'],
    },
  ];

  it.each(cases)('$name', ({ campaign, errors }) => {
    expect(errorsOf(load(campaign))).toEqual(errors);
  });
});

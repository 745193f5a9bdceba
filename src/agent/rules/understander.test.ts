import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Interval } from '../../core/interval.js';
import { createRulesUnderstander, understandByRules } from './understander.js';
import type { Intent, OfferedTime } from '../../core/understanding.js';
import type { UnderstandingContext } from '../understanding.js';

const NEW_YORK = 'America/New_York';
const BERLIN = 'Europe/Berlin';

function offers(zone: string, ...starts: string[]): OfferedTime[] {
  return starts.map((iso, i) => {
    const start = DateTime.fromISO(iso, { zone });
    return { position: i + 1, start: start.toMillis(), end: start.plus({ minutes: 30 }).toMillis() };
  });
}

interface Scenario {
  now: string;
  timeZone: string;
  offered: OfferedTime[];
}

/** Friday 20 Nov 2026, 10:00 in New York; offers Tue 10:00, Wed 14:30, Thu 11:00 New York time. */
const NOVEMBER_OFFERS = offers(NEW_YORK, '2026-11-24T10:00', '2026-11-25T14:30', '2026-11-26T11:00');
const NY: Scenario = { now: '2026-11-20T15:00:00Z', timeZone: NEW_YORK, offered: NOVEMBER_OFFERS };
/** The same offers read by a prospect in Berlin (Tue 16:00, Wed 20:30, Thu 17:00 their time). */
const BERLIN_PROSPECT: Scenario = { ...NY, timeZone: BERLIN };
/** Friday 30 Oct 2026 10:00 EDT; the offers fall after the 1 Nov switch to EST. */
const NY_DST: Scenario = {
  now: '2026-10-30T14:00:00Z',
  timeZone: NEW_YORK,
  offered: offers(NEW_YORK, '2026-11-02T10:00', '2026-11-03T14:30', '2026-11-04T11:00'),
};
/** Friday 23 Oct 2026 14:00 CEST; the offers fall after the 25 Oct switch to CET. */
const BERLIN_DST: Scenario = {
  now: '2026-10-23T12:00:00Z',
  timeZone: BERLIN,
  offered: offers(BERLIN, '2026-10-26T10:00', '2026-10-27T15:00', '2026-10-28T09:30'),
};

interface Row {
  text: string;
  intent: Intent;
  choice?: number | null;
  /** ISO instants with offsets; [start] is a point, [start, end] a range. */
  times?: ([string] | [string, string])[];
  timeZone?: string | null;
  scenario?: Scenario;
}

const offered = (position: number): [string, string] => {
  const offer = NOVEMBER_OFFERS[position - 1];
  if (!offer) throw new Error(`no offer ${position}`);
  return [new Date(offer.start).toISOString(), new Date(offer.end).toISOString()];
};

const rows: Row[] = [
  // Picks by position.
  { text: '2', intent: 'pick', choice: 2 },
  { text: '#2', intent: 'pick', choice: 2 },
  { text: 'option 2', intent: 'pick', choice: 2 },
  { text: '2 please', intent: 'pick', choice: 2 },
  { text: '2.', intent: 'pick', choice: 2 },
  { text: 'number two', intent: 'pick', choice: 2 },
  { text: 'The second one works', intent: 'pick', choice: 2 },
  { text: 'second', intent: 'pick', choice: 2 },
  { text: 'the 1st', intent: 'pick', choice: 1 },
  { text: 'first one is fine', intent: 'pick', choice: 1 },
  { text: 'the last one', intent: 'pick', choice: 3 },
  { text: "let's do 3", intent: 'pick', choice: 3 },
  { text: 'Option 1 please!', intent: 'pick', choice: 1 },
  { text: "ok, I'll take #3", intent: 'pick', choice: 3 },
  { text: 'Let’s go with the second option', intent: 'pick', choice: 2 },
  { text: 'Hi Jane,\n\n2 works for me.\n\nThanks,\nJane', intent: 'pick', choice: 2 },
  { text: '2 🙂', intent: 'pick', choice: 2 },
  { text: 'No problem, 2 works', intent: 'pick', choice: 2 },
  { text: '5', intent: 'unclear' },
  { text: 'I have 2 questions', intent: 'unclear' },
  { text: '2 or 3 both work', intent: 'propose', times: [offered(2), offered(3)] },
  { text: 'Either works for me', intent: 'propose', times: [offered(1), offered(2), offered(3)] },
  { text: 'Good morning, 2 works', intent: 'pick', choice: 2 },

  // Picks by time.
  { text: 'Tuesday at 10 is great', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']] },
  { text: 'Wed 2:30pm works', intent: 'pick', choice: 2, times: [['2026-11-25T14:30-05:00']] },
  { text: 'wednesday at 2:30', intent: 'pick', choice: 2, times: [['2026-11-25T14:30-05:00']] },
  { text: '10am works', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']] },
  { text: 'Thursday works', intent: 'pick', choice: 3, times: [['2026-11-26T00:00-05:00', '2026-11-27T00:00-05:00']] },
  { text: 'the 26th at 11', intent: 'pick', choice: 3, times: [['2026-11-26T11:00-05:00']] },
  { text: 'Tuesday 10-10:30', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00', '2026-11-24T10:30-05:00']] },
  { text: 'Could we do 25 Nov at 2:30pm instead?', intent: 'pick', choice: 2, times: [['2026-11-25T14:30-05:00']] },
  {
    text: 'Hi Jane,\n\nTuesday at 10 works.\n\nBest,\nTom\nSent from my iPhone',
    intent: 'pick',
    choice: 1,
    times: [['2026-11-24T10:00-05:00']],
  },
  { text: 'Sounds good, see you Tuesday at 10!', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']] },
  {
    text: 'Wednesday afternoon works',
    intent: 'pick',
    choice: 2,
    times: [['2026-11-25T12:00-05:00', '2026-11-25T17:00-05:00']],
  },
  {
    text: '1. Tuesday, 24 November, 10:00 – 10:30 (New York time) is fine',
    intent: 'pick',
    choice: 1,
    times: [['2026-11-24T10:00-05:00', '2026-11-24T10:30-05:00']],
    timeZone: NEW_YORK,
  },

  // Proposals of other times.
  { text: '10am tomorrow', intent: 'propose', times: [['2026-11-21T10:00-05:00']] },
  { text: 'Tuesday at 11', intent: 'propose', times: [['2026-11-24T11:00-05:00']] },
  { text: 'Thursday after 3', intent: 'propose', times: [['2026-11-26T15:00-05:00', '2026-11-27T00:00-05:00']] },
  { text: 'Tuesday before noon', intent: 'pick', choice: 1, times: [['2026-11-24T00:00-05:00', '2026-11-24T12:00-05:00']] },
  { text: 'Monday morning', intent: 'propose', times: [['2026-11-23T08:00-05:00', '2026-11-23T12:00-05:00']] },
  { text: 'at 2', intent: 'propose', times: [['2026-11-20T14:00-05:00']] },
  // Said on a Friday at 10:00: this Friday 9:00 is over, so it means next week.
  { text: 'Friday at 9', intent: 'propose', times: [['2026-11-27T09:00-05:00']] },
  { text: 'How about 4pm on Thursday?', intent: 'propose', times: [['2026-11-26T16:00-05:00']] },
  {
    text: 'Thursday between 2 and 4pm',
    intent: 'propose',
    times: [['2026-11-26T14:00-05:00', '2026-11-26T16:00-05:00']],
  },
  { text: 'the 25th at 10', intent: 'propose', times: [['2026-11-25T10:00-05:00']] },
  {
    text: 'Tuesday or Wednesday',
    intent: 'propose',
    times: [
      ['2026-11-24T00:00-05:00', '2026-11-25T00:00-05:00'],
      ['2026-11-25T00:00-05:00', '2026-11-26T00:00-05:00'],
    ],
  },

  // Zones named in the text.
  { text: '10am EST', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']], timeZone: NEW_YORK },
  { text: 'Tuesday 4pm CET works', intent: 'pick', choice: 1, times: [['2026-11-24T16:00+01:00']], timeZone: 'Europe/Paris' },
  {
    text: '2pm Berlin time on Wednesday',
    intent: 'propose',
    times: [['2026-11-25T14:00+01:00']],
    timeZone: BERLIN,
  },
  { text: 'Tuesday 17:00 UTC+2', intent: 'pick', choice: 1, times: [['2026-11-24T17:00+02:00']], timeZone: 'Etc/GMT-2' },
  { text: 'Thursday 11:00 GMT-5', intent: 'pick', choice: 3, times: [['2026-11-26T11:00-05:00']], timeZone: 'Etc/GMT+5' },
  { text: 'Thursday 9:30pm IST', intent: 'pick', choice: 3, times: [['2026-11-26T21:30+05:30']], timeZone: 'Asia/Kolkata' },
  { text: 'Tuesday at 10 my time', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']], timeZone: NEW_YORK },
  {
    text: "I'm in London, Tuesday at 3pm",
    intent: 'pick',
    choice: 1,
    times: [['2026-11-24T15:00+00:00']],
    timeZone: 'Europe/London',
  },
  {
    text: '10am PT on Tuesday',
    intent: 'propose',
    times: [['2026-11-24T10:00-08:00']],
    timeZone: 'America/Los_Angeles',
  },

  // Requests for other times.
  { text: 'none of these work', intent: 'request_times' },
  { text: 'None work for me, sorry', intent: 'request_times' },
  {
    text: 'Do you have anything next week?',
    intent: 'request_times',
    times: [['2026-11-23T00:00-05:00', '2026-11-30T00:00-05:00']],
  },
  { text: 'other times?', intent: 'request_times' },
  { text: 'can we do later?', intent: 'request_times' },
  { text: 'what else do you have', intent: 'request_times' },
  {
    text: 'anything later on Tuesday?',
    intent: 'request_times',
    times: [['2026-11-24T00:00-05:00', '2026-11-25T00:00-05:00']],
  },

  // Declines.
  { text: 'Not interested.', intent: 'decline' },
  { text: 'No thanks', intent: 'decline' },
  // Leaving the list is its own intent (honoured forever), not a decline.
  { text: 'Please remove me from your list', intent: 'unsubscribe' },
  { text: 'UNSUBSCRIBE', intent: 'unsubscribe' },
  { text: 'stop emailing me', intent: 'unsubscribe' },
  { text: 'We went with another vendor, good luck', intent: 'decline' },

  // Rejections are not picks: only rejections → ask for new times.
  { text: "2 doesn't work for me", intent: 'request_times' },
  { text: 'not Tuesday', intent: 'request_times' },
  { text: 'neither 1 nor 2 works', intent: 'request_times' },
  { text: "Sorry, I'm out next week", intent: 'request_times' },
  {
    text: 'Wednesday is bad for me. Can you do Thursday?',
    intent: 'pick',
    choice: 3,
    times: [['2026-11-26T00:00-05:00', '2026-11-27T00:00-05:00']],
  },
  {
    text: 'not Tuesday, Wednesday works',
    intent: 'pick',
    choice: 2,
    times: [['2026-11-25T00:00-05:00', '2026-11-26T00:00-05:00']],
  },
  { text: "2 doesn't work, but 3 does", intent: 'pick', choice: 3 },
  {
    text: "I can't do Tuesday but Wednesday at 2:30 works",
    intent: 'pick',
    choice: 2,
    times: [['2026-11-25T14:30-05:00']],
  },
  {
    text: 'Tuesday works, not Wednesday',
    intent: 'pick',
    choice: 1,
    times: [['2026-11-24T00:00-05:00', '2026-11-25T00:00-05:00']],
  },

  // Nothing to act on.
  { text: 'who is this?', intent: 'unclear' },
  { text: '', intent: 'unclear' },
  { text: 'asdf qwer', intent: 'unclear' },
  { text: "I'll need 2 hours to prepare", intent: 'unclear' },
  { text: 'Hold on a second.', intent: 'unclear' },
  { text: 'First, who are you?', intent: 'unclear' },
  { text: 'What is this about?\n\nThanks, May', intent: 'unclear' },

  // Other languages.
  { text: 'le deuxième', intent: 'pick', choice: 2 },
  { text: 'die zweite bitte', intent: 'pick', choice: 2 },
  { text: 'la segunda por favor', intent: 'pick', choice: 2 },
  { text: 'mardi à 10h', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']] },
  { text: 'Dienstag um 10 Uhr', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']] },
  { text: 'el martes a las 10', intent: 'pick', choice: 1, times: [['2026-11-24T10:00-05:00']] },

  // Across the US switch to EST: 10:00 on Monday is 15:00Z, not 14:00Z.
  { scenario: NY_DST, text: 'Monday at 10', intent: 'pick', choice: 1, times: [['2026-11-02T10:00-05:00']] },
  { scenario: NY_DST, text: 'Monday at 11', intent: 'propose', times: [['2026-11-02T11:00-05:00']] },
  { scenario: NY_DST, text: '10am works', intent: 'pick', choice: 1, times: [['2026-11-02T10:00-05:00']] },
  // Across the EU switch to CET.
  { scenario: BERLIN_DST, text: 'Monday at 10', intent: 'pick', choice: 1, times: [['2026-10-26T10:00+01:00']] },

  // A prospect in Berlin reads the same offers in their own time.
  { scenario: BERLIN_PROSPECT, text: 'Tuesday at 4pm', intent: 'pick', choice: 1, times: [['2026-11-24T16:00+01:00']] },
  { scenario: BERLIN_PROSPECT, text: '16:00 works', intent: 'pick', choice: 1, times: [['2026-11-24T16:00+01:00']] },
  { scenario: BERLIN_PROSPECT, text: 'Tuesday at 10', intent: 'propose', times: [['2026-11-24T10:00+01:00']] },
  {
    scenario: BERLIN_PROSPECT,
    text: 'Tuesday at 10 EST',
    intent: 'pick',
    choice: 1,
    times: [['2026-11-24T10:00-05:00']],
    timeZone: NEW_YORK,
  },
  { scenario: BERLIN_PROSPECT, text: 'Mittwoch um 20:30 passt', intent: 'pick', choice: 2, times: [['2026-11-25T20:30+01:00']] },
  { scenario: BERLIN_PROSPECT, text: 'Dienstag 16 Uhr passt mir nicht', intent: 'request_times' },
  {
    scenario: BERLIN_PROSPECT,
    text: '10am my time',
    intent: 'propose',
    times: [['2026-11-21T10:00+01:00']],
    timeZone: BERLIN,
  },
];

function contextFor(row: Row): UnderstandingContext {
  const scenario = row.scenario ?? NY;
  return { text: row.text, now: Date.parse(scenario.now), timeZone: scenario.timeZone, offered: scenario.offered };
}

function interval([start, end]: [string] | [string, string]): Interval {
  const startMs = DateTime.fromISO(start).toMillis();
  return { start: startMs, end: end === undefined ? startMs : DateTime.fromISO(end).toMillis() };
}

describe('understandByRules', () => {
  // These rows are about times and intents; language detection has its own suite (rules/corpus.test.ts).
  it.each(rows)('$text', (row) => {
    const { language: _language, ...understood } = understandByRules(contextFor(row));
    expect(understood).toEqual({
      intent: row.intent,
      choice: row.choice ?? null,
      times: (row.times ?? []).map(interval),
      timeZone: row.timeZone ?? null,
      people: [],
      question: null,
      engine: 'rules',
    });
  });
});

describe('createRulesUnderstander', () => {
  it('resolves to the same understanding as the pure function', async () => {
    const context = contextFor({ text: 'Tuesday at 10 is great', intent: 'pick' });
    await expect(createRulesUnderstander().understand(context)).resolves.toEqual(understandByRules(context));
  });
});

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_NAMES, type TemplateName } from '../config/template-names.js';
import { checkTemplate, offerTemplate, renderReply, type ReplyVars } from './templates.js';
import { de } from './templates/de.js';
import { en } from './templates/en.js';
import { es } from './templates/es.js';
import { fr } from './templates/fr.js';
import type { OfferedTime } from '../core/understanding.js';

const NEW_YORK = 'America/New_York';
const SLOTS: OfferedTime[] = ['2026-11-24T10:00', '2026-11-25T14:30'].map((iso, i) => {
  const start = DateTime.fromISO(iso, { zone: NEW_YORK });
  return { position: i + 1, start: start.toMillis(), end: start.plus({ minutes: 30 }).toMillis() };
});
const VARS: ReplyVars = {
  prospectName: 'Doe, Jane',
  senderName: 'Acme Scheduling',
  hostName: 'Alice Moreau',
  timeZone: NEW_YORK,
  slots: SLOTS,
  slot: SLOTS[0],
  answer: 'Plans start at 49 EUR per seat.',
  question: 'Is there a free trial?',
};
const NO_OVERRIDES = { language: null, overrides: {} };
const PACKS = { en, fr, de, es };

/** What each language must show: the offered times and the zone, written out by hand. */
const EXPECTED = {
  en: { times: ['Tuesday 24 November, 10:00 – 10:30', 'Wednesday 25 November, 14:30 – 15:00'], zone: 'New York time (UTC−5)', greeting: 'Hi Jane,' },
  fr: { times: ['mardi 24 novembre, 10:00–10:30', 'mercredi 25 novembre, 14:30–15:00'], zone: 'heure de New York (UTC−5)', greeting: 'Bonjour Jane,' },
  de: { times: ['Dienstag, 24. November, 10:00–10:30', 'Mittwoch, 25. November, 14:30–15:00'], zone: 'Ortszeit New York (UTC−5)', greeting: 'Hallo Jane,' },
  es: { times: ['martes 24 de noviembre, 10:00–10:30', 'miércoles 25 de noviembre, 14:30–15:00'], zone: 'hora de New York (UTC−5)', greeting: 'Hola, Jane:' },
};
const OFFERS: TemplateName[] = ['offer', 'offer_again', 'slot_taken', 'no_fit', 'follow_up'];
const MEETINGS: TemplateName[] = ['confirmation', 'rescheduled', 'cancelled'];
const cases = Object.entries(EXPECTED).flatMap(([language, expected]) =>
  TEMPLATE_NAMES.map((name) => ({ language, name, expected })),
);

describe('renderReply', () => {
  it.each(cases)('$language $name: greets, fills every placeholder, states times and zone', ({ language, name, expected }) => {
    const { text, language: used } = renderReply(name, VARS, { language, overrides: {} });
    expect(used).toBe(language);
    expect(text).not.toMatch(/\{[a-z_]*\}/);
    expect(text).not.toMatch(/\n{3,}/);
    expect(text.startsWith(`${expected.greeting}\n\n`)).toBe(true);
    expect(text).toContain('Acme Scheduling');
    if (OFFERS.includes(name)) {
      expected.times.forEach((time, i) => expect(text).toContain(`${i + 1}. ${time}`));
      expect(text).toContain(expected.zone);
    }
    if (MEETINGS.includes(name)) expect(text).toContain(`${expected.times[0]}, ${expected.zone}`);
  });

  it('says the FAQ answer, or that the rep will cover the question, only when there is one', () => {
    const bare = renderReply('offer', { ...VARS, answer: null, question: null }, NO_OVERRIDES).text;
    const answered = renderReply('offer', { ...VARS, question: null }, NO_OVERRIDES).text;
    const deferred = renderReply('offer', { ...VARS, answer: null }, NO_OVERRIDES).text;
    expect(bare).not.toMatch(/question|49 EUR/);
    expect(answered).toContain('\n\nPlans start at 49 EUR per seat.\n\n');
    expect(answered).not.toContain('About your question');
    expect(deferred).toContain('About your question ("Is there a free trial?"): Alice Moreau will be happy to go through it on the call.');
  });

  it('greets neutrally, in each language, when there is no usable name', () => {
    const greet = (prospectName: string | null, language: string) =>
      renderReply('decline', { ...VARS, prospectName }, { language, overrides: {} }).text.split('\n')[0];
    expect([null, 'jane@example.com', '  ', 'J.'].map((name) => greet(name, 'en'))).toEqual(['Hello,', 'Hello,', 'Hello,', 'Hello,']);
    expect(['fr', 'de', 'es'].map((language) => greet(null, language))).toEqual(['Bonjour,', 'Guten Tag,', 'Hola:']);
    expect(['Jane Doe', 'Doe, Jane', 'Dr. Jane Doe', '"Jane Doe"', 'jane doe'].map((name) => greet(name, 'en'))).toEqual(
      Array(5).fill('Hi Jane,'),
    );
  });

  it('answers in English when the language is unknown or unsupported, and reads regional codes', () => {
    const language = (code: string | null) => renderReply('decline', VARS, { language: code, overrides: {} }).language;
    expect([null, 'it', 'zz', 'fr-CA', 'DE', 'es_MX'].map(language)).toEqual(['en', 'en', 'en', 'fr', 'de', 'es']);
  });

  it("uses the campaign's wording, in every language, with its placeholders filled", () => {
    const overrides = { offer: 'Hey {first_name}! {host_name} can do ({zone}):\n{times}\nReply with a number.\n{sender_name}' };
    const text = (prospectName: string | null) => renderReply('offer', { ...VARS, prospectName }, { language: 'fr', overrides }).text;
    expect(text('Jane Doe')).toBe(
      'Hey Jane! Alice Moreau can do (heure de New York (UTC−5)):\n' +
        '  1. mardi 24 novembre, 10:00–10:30\n  2. mercredi 25 novembre, 14:30–15:00\nReply with a number.\nAcme Scheduling',
    );
    // An empty first name takes the space before it along.
    expect(text(null).split('\n')[0]).toBe('Hey! Alice Moreau can do (heure de New York (UTC−5)):');
    expect(renderReply('decline', VARS, { language: 'fr', overrides }).text).toContain('Nous ne vous écrirons plus');
  });

  it('never expands placeholders written inside the values it inserts', () => {
    const text = renderReply('question_deferred', { ...VARS, question: 'What is {times}?\nAnd {sender_name}?' }, NO_OVERRIDES).text;
    expect(text).toContain('"What is {times}? And {sender_name}?"');
  });

  it('names the zone at the time of the meeting, so a summer meeting is in summer time', () => {
    const june = DateTime.fromISO('2026-06-09T10:00', { zone: NEW_YORK });
    const slot = { start: june.toMillis(), end: june.plus({ minutes: 30 }).toMillis() };
    expect(renderReply('confirmation', { ...VARS, slot }, NO_OVERRIDES).text).toContain(
      'Tuesday 9 June, 10:00 – 10:30, New York time (UTC−4)',
    );
  });

  it('lists the facts a rephrased mail must keep: what its text states', () => {
    expect(renderReply('offer', VARS, NO_OVERRIDES).facts).toEqual([...EXPECTED.en.times, EXPECTED.en.zone, 'Alice Moreau', 'Jane']);
    const plain = { decline: 'No worries. {sender_name}' };
    expect(renderReply('decline', VARS, { language: 'en', overrides: plain }).facts).toEqual([]);
  });

  it('refuses an override the config check would have rejected, and a mail without its data', () => {
    expect(() => renderReply('offer', VARS, { language: 'en', overrides: { offer: 'Hi {name}' } })).toThrow(/\{name\}/);
    expect(() => renderReply('confirmation', { ...VARS, slot: undefined }, NO_OVERRIDES)).toThrow(/\{time\}/);
  });
});

describe('checkTemplate', () => {
  it('accepts every placeholder a template has', () => {
    expect(checkTemplate('question_answered', 'Hi {first_name}, {greeting} {question} {answer} {host_name} {sender_name}')).toBeNull();
  });

  it('names an unknown placeholder and the ones the template can use', () => {
    expect(checkTemplate('decline', 'Bye {first_name}, see {times}')).toBe(
      'template "decline": unknown placeholder {times}; it can use {greeting}, {first_name}, {host_name}, {sender_name}',
    );
    expect(checkTemplate('offer', '{firstname} {Times} {times}')).toMatch(/^template "offer": unknown placeholders \{firstname\}, \{Times\};/);
  });

  it('rejects stray braces and overrides that leave out what the mail is for', () => {
    const unmatched = 'template "offer": unmatched "{" or "}"; placeholders are written like {first_name}';
    expect([checkTemplate('offer', 'Hi {first_name, {times}'), checkTemplate('offer', 'Hi } {times}')]).toEqual([unmatched, unmatched]);
    expect(checkTemplate('offer', 'Hi {first_name}, pick one.')).toBe('template "offer" must contain {times}');
    expect(checkTemplate('cancelled', 'Cancelled.')).toBe('template "cancelled" must contain {time}');
  });

  it.each(Object.entries(PACKS))('passes every built-in %s template', (_language, pack) => {
    expect(Object.keys(pack.templates).sort()).toEqual([...TEMPLATE_NAMES].sort());
    expect(TEMPLATE_NAMES.map((name) => checkTemplate(name, pack.templates[name]))).toEqual(TEMPLATE_NAMES.map(() => null));
  });
});

describe('offerTemplate and the original wording calls', () => {
  it('words each kind of offer with its template', () => {
    const reasons = ['first_contact', 'requested', 'unclear', 'reschedule', 'slot_taken', 'no_fit', 'follow_up'] as const;
    expect(reasons.map(offerTemplate)).toEqual(['offer', 'offer_again', 'unclear', 'offer_again', 'slot_taken', 'no_fit', 'follow_up']);
  });

  it('asks back the time the prospect most likely meant, in each language, and only when there is a guess', () => {
    const slots = VARS.slots!;
    for (const language of ['en', 'fr', 'de', 'es']) {
      const guessed = renderReply('unclear', { ...VARS, guess: slots[1]! }, { language, overrides: {} });
      const guessLine = guessed.text.split('\n').find((line) => line.includes('2 ('))!;
      expect(guessLine).toMatch(/\?/);
      expect(guessLine).toContain(guessed.facts[1]!);
      const plain = renderReply('unclear', { ...VARS, guess: null }, { language, overrides: {} });
      expect(plain.text).not.toContain('2 (');
      expect(plain.text.split('\n').length).toBe(guessed.text.split('\n').length - 1);
    }
    expect(renderReply('unclear', { ...VARS, guess: slots[1]! }, { language: 'en', overrides: {} }).text).toContain("Sorry, I'm not sure I understood which time suits you.");
  });

});

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';
import { findPeople } from './people.js';
import { fixWeekdayTypos } from './typos.js';
import { understandByRules } from './understander.js';
import { findZoneMention } from './time-zone-mentions.js';

const NEW_YORK = 'America/New_York';

describe('detectLanguage', () => {
  it.each([
    ['Tuesday at 10 works for me', 'en'],
    ['Le mardi me convient, merci', 'fr'],
    ['Dienstag passt mir leider nicht', 'de'],
    ['¿Podemos hablar el jueves?', 'es'],
    ['2', null],
    ['Ok!', null],
    // One known word each: too little to tell.
    ['merci, thanks', null],
  ])('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});

describe('findPeople', () => {
  it.each([
    ['loop in "Jane Roe" <Jane.Roe@Example.com>.', [{ name: 'Jane Roe', email: 'Jane.Roe@Example.com' }]],
    ['cc: jane@example.com and bob@example.org', [{ name: null, email: 'jane@example.com' }, { name: null, email: 'bob@example.org' }]],
    ['Talk to my colleague Jane, her address is jane@example.com', [{ name: 'Jane', email: 'jane@example.com' }]],
    ['Not me. Please talk to Ann Lee', [{ name: 'Ann Lee', email: null }]],
    // Without "not me", a name after "talk with" is usually the rep: not a contact.
    ['Happy to talk with Bob on Tuesday', []],
    ['jane@example.com jane@EXAMPLE.com', [{ name: null, email: 'jane@example.com' }]],
  ])('%s', (text, people) => {
    expect(findPeople(text).people).toEqual(people);
  });
});

describe('fixWeekdayTypos', () => {
  it.each([
    ['thrusday at 3', 'thursday at 3'],
    ['Tuesdy works', 'tuesday works'],
    ['wendesday?', 'wednesday?'],
    ['Mittwohc 10 Uhr', 'mittwoch 10 Uhr'],
    // Real words and short names stay; so do addresses.
    ['Monday works, mardi aussi, sunday', 'Monday works, mardi aussi, sunday'],
    ['mail mondays@example.com', 'mail mondays@example.com'],
    // The price of the rule: a real word one edit from a weekday changes too.
    ['the sundae bar', 'the sunday bar'],
  ])('%s → %s', (text, fixed) => {
    expect(fixWeekdayTypos(text)).toBe(fixed);
  });
});

describe('findZoneMention', () => {
  it.each([
    ['mardi 16h heure de Paris', 'Europe/Paris'],
    ["jeudi 10h heure d'Amsterdam", 'Europe/Amsterdam'],
    ['Dienstag 10 Uhr Berliner Zeit', 'Europe/Berlin'],
    ['16 Uhr Wien', 'Europe/Vienna'],
    ['martes a las 10 hora de Madrid', 'Europe/Madrid'],
    ['3pm Eastern', NEW_YORK],
    ['Tuesday 3pm Europe/London', 'Europe/London'],
    ['à 10h, mon heure', 'Europe/Lisbon'],
    ['Tuesday 10 Europe/Atlantis', null],
    ['I work in central London', null],
  ])('%s → %s', (text, zone) => {
    expect(findZoneMention(text, 'Europe/Lisbon', Date.parse('2026-12-07T10:00:00Z'))?.zone ?? null).toBe(zone);
  });
});

describe('the week of a day', () => {
  const week = (text: string, now: string) => {
    const [time] = understandByRules({ text, now: Date.parse(now), timeZone: NEW_YORK, offered: [] }).times;
    const iso = (ms: number) => DateTime.fromMillis(ms, { zone: NEW_YORK }).toISODate();
    return time ? `${iso(time.start)}..${iso(time.end)}` : null;
  };

  it.each([
    // Monday to Friday, end exclusive (Saturday 00:00).
    ['the week of the 14th', '2026-11-20T15:00:00Z', '2026-12-14..2026-12-19'],
    // The week holding the 18th is not over on Wednesday the 16th: this month.
    ['the week of the 18th', '2026-12-16T15:00:00Z', '2026-12-14..2026-12-19'],
    // Over the year end.
    ['week of the 5th', '2026-12-20T15:00:00Z', '2027-01-04..2027-01-09'],
    ['the week of January 5', '2026-12-20T15:00:00Z', '2027-01-04..2027-01-09'],
    ['la semaine du 1er décembre', '2026-11-20T15:00:00Z', '2026-11-30..2026-12-05'],
    ['la semana del 7 de diciembre', '2026-11-20T15:00:00Z', '2026-12-07..2026-12-12'],
  ])('%s (said %s) → %s', (text, now, range) => {
    expect(week(text, now)).toBe(range);
  });
});

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';
import { findPeople } from './people.js';
import { findBookedMoves, fromBookedDay } from './booked-moves.js';
import { cleanReply } from './text.js';
import { correctedOrdinal, fixPickTypos, fixWeekdayTypos } from './typos.js';
import { blankDayNumbersOfWeekdays } from './weekday-dates.js';
import { findWeekWindows } from './week-windows.js';
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

describe('week windows', () => {
  const window = (text: string) =>
    findWeekWindows(text, Date.parse('2026-11-20T15:00:00Z'), NEW_YORK).map(
      (time) => `${time.start.toISODate()}..${time.end.toISODate()}`,
    );

  it.each([
    ['anything next week?', ['2026-11-23..2026-11-30']],
    ['Anfang nächster Woche', ['2026-11-23..2026-11-26']],
    ['a finales de la semana que viene', ['2026-11-26..2026-11-28']],
    ['the week after next', ['2026-11-30..2026-12-05']],
    // A named day is read by the date parsers: "Tuesday next week" is one day.
    ['Tuesday next week', []],
    ['anything later next week?', ['2026-11-23..2026-11-30']],
  ])('%s → %s', (text, windows) => {
    expect(window(text)).toEqual(windows);
  });
});

describe('moves of the booked meeting', () => {
  // Tuesday 24 Nov 2026 10:00–10:30 in New York.
  const booked = { start: Date.parse('2026-11-24T10:00-05:00'), end: Date.parse('2026-11-24T10:30-05:00') };
  const moved = (text: string) => findBookedMoves(text, booked, NEW_YORK).map((time) => time.start.toISO());

  it.each([
    ['push it back a week', ['2026-12-01T10:00:00.000-05:00']],
    ['could we start half an hour earlier?', ['2026-11-24T09:30:00.000-05:00']],
    ['einen Tag später', ['2026-11-25T10:00:00.000-05:00']],
    ['le lendemain', ['2026-11-25T10:00:00.000-05:00']],
    // No direction: a length, not a move; and a clock time written in words.
    ['I only need 2 hours', []],
    ['on peut décaler à 16 heures ?', []],
    ["reporter à 2 heures de l'après-midi", []],
  ])('%s → %s', (text, starts) => {
    expect(moved(text)).toEqual(starts);
  });

  it('leaves out "from <booked day>" in "from Tuesday to Thursday"', () => {
    expect(fromBookedDay('move it from Tuesday to Thursday', booked, NEW_YORK)).toEqual([{ index: 8, length: 13 }]);
    expect(fromBookedDay('move it from Monday to Thursday', booked, NEW_YORK)).toEqual([]);
  });
});

describe('typos in a pick', () => {
  it.each([
    ['secnod', 'second'],
    ['scond', 'second'],
    ['thrid', 'third'],
    ['priemra', 'primera'],
    ['seconds', null],
    ['zweit', null],
  ])('%s → %s', (word, ordinal) => {
    expect(correctedOrdinal(word)).toBe(ordinal);
  });

  it('corrects swapped letters in pick words, keeping the length', () => {
    expect(fixPickTypos('I\'ll tkae it, 2 wroks')).toEqual({ text: "I'll take it, 2 works", fixes: 2 });
    expect(fixPickTypos('fork it')).toEqual({ text: 'fork it', fixes: 0 });
  });
});

describe('cleanReply', () => {
  it.each([
    ['2 works.\n\nDavid Chen\nOps | Acme\ndavid@acme.com', '2 works.'],
    ['2 works.\nCc: Anna <anna@acme.com>', '2 works.\n'],
    // A contact being given is not a signature.
    ['Please talk to her:\nAnna Berg\nanna@acme.com', 'Please talk to her:\nAnna Berg\nanna@acme.com'],
  ])('%j → %j', (text, cleaned) => {
    expect(cleanReply(text).trimEnd()).toBe(cleaned.trimEnd());
  });
});

describe('blankDayNumbersOfWeekdays', () => {
  const now = Date.parse('2026-11-20T15:00:00Z');
  it.each([
    ['Le mardi 24 à 16h', 'Le mardi    à 16h'],
    ['Dienstag, den 24. um 16 Uhr', 'Dienstag          um 16 Uhr'],
    // An hour, or a date that is not that weekday's next one, stays.
    ['Tuesday 10 works', 'Tuesday 10 works'],
    ['mardi 1er décembre', 'mardi 1er décembre'],
  ])('%s → %s', (text, blanked) => {
    expect(blankDayNumbersOfWeekdays(text, now, NEW_YORK)).toBe(blanked);
  });
});

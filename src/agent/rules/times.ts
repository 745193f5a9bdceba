import * as chrono from 'chrono-node';
import type { ParsedComponents, ParsedResult, Parser, ParsingContext, ParsingReference } from 'chrono-node';
import { DateTime } from 'luxon';
import { LEXICONS, wordsRegex, type Language } from './lexicon.js';
import type { Span } from './text.js';
import { WEEK_OF_TAG, weekOfParser } from './week-of.js';
import { blankDayNumbersOfWeekdays } from './weekday-dates.js';

/** A time the prospect wrote, read as wall-clock in one zone. */
export interface TimeMention extends Span {
  /** A date was said; without one only the clock time is known and it is tried on every offered day. */
  dated: boolean;
  /** 'point' is a clock time, 'range' a span ("Friday morning", "after 3"), 'day' a date without a time. */
  shape: 'point' | 'range' | 'day';
  start: DateTime;
  end: DateTime;
}

/**
 * Parts of the day as ranges (chrono gives one representative hour): morning 08–12,
 * afternoon 12–17, evening/tonight 17–20 — the hours a meeting in that part could start.
 */
const DAY_PARTS: Record<string, [number, number]> = {
  'casualReference/morning': [8, 12],
  'casualReference/afternoon': [12, 17],
  'casualReference/evening': [17, 20],
  'casualReference/tonight': [17, 20],
};

const AFTER_TAG = 'rules/after';
const BEFORE_TAG = 'rules/before';
const DAY_OF_MONTH_TAG = 'rules/dayOfMonth';
/** Chrono's tag for "in 2 hours"; such results also carry the reference offset as if it were written. */
const RELATIVE_TIME_TAG = 'result/relativeDateAndTime';

const BOUNDS = 'not before|not after|after|from|before|until|till|til|by';
const RANGE_JOINS = 'and|to|till|until|-|–';
const CLOCK = '(\\d{1,2})(?:[:.](\\d{2}))?\\s*(a\\.?m\\.?|p\\.?m\\.?)?';

/** "after 3", "before noon", "not before 2": chrono reads neither the bound nor a bare hour after it. */
const boundParser: Parser = {
  pattern: () =>
    new RegExp(`(?<![\\p{L}])(${BOUNDS})\\s+(?:${CLOCK}|(noon|midday))(?![\\p{L}\\p{N}:])`, 'iu'),
  extract: (context, match) => {
    const bound = (match[1] ?? '').toLowerCase();
    const isAfter = bound === 'after' || bound === 'from' || bound === 'not before';
    const clock = match[5]
      ? context.createParsingComponents({ hour: 12, minute: 0 })
      : clockComponents(context, match[2], match[3], match[4]);
    return clock?.addTag(isAfter ? AFTER_TAG : BEFORE_TAG) ?? null;
  },
};

/** "between 2 and 4", "from 10 to 11:30": a range whose first hour takes the second's am/pm if it has none. */
const betweenParser: Parser = {
  pattern: () =>
    new RegExp(`(?<![\\p{L}])(?:between|from)\\s+${CLOCK}\\s*(?:${RANGE_JOINS})\\s*${CLOCK}(?![\\p{L}\\p{N}:])`, 'iu'),
  extract: (context, match) => {
    const start = clockComponents(context, match[1], match[2], match[3] ?? match[6]);
    const end = clockComponents(context, match[4], match[5], match[6]);
    if (!start || !end || match.index === undefined) return null;
    return context.createParsingResult(match.index, match[0], start, end);
  },
};

/** "move it to 3", "bump our call to 11": chrono reads no bare hour after "to" (the result keeps "to": a bare number is dropped). */
const moveToParser: Parser = {
  pattern: () =>
    new RegExp(
      `(?<![\\p{L}])((?:move|bump|push|shift|change)\\p{L}*\\s+(?:it|this|that|(?:the|our)\\s+\\p{L}+)\\s+)to\\s+${CLOCK}(?![\\p{L}\\p{N}:])`,
      'iu',
    ),
  extract: (context, match) => {
    const clock = clockComponents(context, match[2], match[3], match[4]);
    const verb = match[1] ?? '';
    if (!clock || match.index === undefined) return null;
    return context.createParsingResult(match.index + verb.length, match[0].slice(verb.length), clock);
  },
};

/** "the 25th" (so "the 25th at 10" merges into one date-time); chrono only reads it with a month. */
const dayOfMonthParser: Parser = {
  pattern: () => /(?<![\p{L}\p{N}])(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?![\p{L}\p{N}])/iu,
  extract: (context, match) => {
    const day = Number(match[1]);
    const reference = context.reference.getDateWithAdjustedTimezone();
    const monthsAhead = day < reference.getDate() ? 1 : 0;
    const month = new Date(reference.getFullYear(), reference.getMonth() + monthsAhead, 1);
    if (day < 1 || day > new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate()) return null;
    return context
      .createParsingComponents({ day })
      .imply('month', month.getMonth() + 1)
      .imply('year', month.getFullYear())
      .addTag(DAY_OF_MONTH_TAG);
  },
};

function clockComponents(
  context: ParsingContext,
  hourText: string | undefined,
  minuteText: string | undefined,
  meridiemText: string | undefined,
) {
  const hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (hour > 23 || minute > 59) return null;
  const components = context.createParsingComponents({ hour, minute });
  if (!meridiemText || hour > 12) return components;
  const pm = meridiemText.toLowerCase().startsWith('p');
  return components.assign('meridiem', pm ? 1 : 0).assign('hour', (hour % 12) + (pm ? 12 : 0));
}

/** Each language's casual parser plus ours; chrono keeps the longest of overlapping readings. */
function withOwnParsers(language: Language, base: chrono.Chrono, ...own: Parser[]): chrono.Chrono {
  const parser = base.clone();
  parser.parsers.push(...own, weekOfParser(language));
  return parser;
}

const PARSERS: Record<Language, chrono.Chrono> = {
  en: withOwnParsers('en', chrono.en.casual, boundParser, betweenParser, dayOfMonthParser, moveToParser),
  fr: withOwnParsers('fr', chrono.fr.casual),
  de: withOwnParsers('de', chrono.de.casual),
  es: withOwnParsers('es', chrono.es.casual),
};
const MARKERS = Object.entries(LEXICONS).map(([language, lexicon]) => ({
  language: language as Language,
  re: lexicon.markers.length > 0 ? wordsRegex(lexicon.markers) : null,
}));

/** English always (first, so it wins ties); another language only when the reply shows signs of it. */
function plausibleLanguages(text: string): Language[] {
  return MARKERS.filter(({ language, re }) => language === 'en' || re?.test(text)).map(({ language }) => language);
}

/** English weekday abbreviations that are everyday words in another language: French "mon" (my). */
const NOT_WEEKDAYS: Partial<Record<Language, RegExp>> = { fr: /^mon$/u };

/** "à mon collègue" is not Monday when the reply reads as French. */
function isForeignWord(result: ParsedResult, languages: readonly Language[]): boolean {
  return languages.some((language) => NOT_WEEKDAYS[language]?.test(result.text.trim()));
}

/**
 * Parses with each plausible language and keeps the one that reads the most text, so
 * "mardi à 10h" is French rather than English "in 10 hours". Day-of-month mentions that could be a position
 * ("the 2nd") are dropped here: with that few offers a small ordinal is a position.
 */
export function parseTimes(text: string, now: number, zone: string, offeredCount: number): ParsedResult[] {
  const reference: ParsingReference = { instant: new Date(now), timezone: DateTime.fromMillis(now, { zone }).offset };
  let best: ParsedResult[] = [];
  const languages = plausibleLanguages(text);
  const readable = blankDayNumbersOfWeekdays(text, now, zone);
  for (const language of languages) {
    const results = PARSERS[language]
      .parse(readable, reference, { forwardDate: true })
      .filter((result) => !isPositionLikeDay(result, offeredCount) && !isBareDuration(result) && !isNow(result))
      .filter((result) => !isForeignWord(result, languages));
    if (coverage(results) > coverage(best)) best = results;
  }
  return best;
}

function isPositionLikeDay(result: ParsedResult, offeredCount: number): boolean {
  const start = result.start;
  const onlyDay = start.tags().has(DAY_OF_MONTH_TAG) && start.isCertain('day') && !start.isCertain('hour');
  return onlyDay && !start.isCertain('month') && (start.get('day') ?? 0) <= offeredCount;
}

/** "I need 2 hours" is a length, not "2 hours from now"; chrono reads both the same way. */
function isBareDuration(result: ParsedResult): boolean {
  const relative = result.start.tags().has(RELATIVE_TIME_TAG);
  return relative && !/^(?:in|within)\b|\b(?:later|from now)$/i.test(result.text.trim());
}

/** "for now", "right now": never a meeting time, and chrono would also report its offset as a named zone. */
function isNow(result: ParsedResult): boolean {
  return /^(?:right )?now$/i.test(result.text.trim());
}

function coverage(results: readonly ParsedResult[]): number {
  return results.reduce((sum, result) => sum + result.text.length, 0);
}

/** The offset chrono read from a zone name we have no table entry for, if any. */
export function parsedOffset(results: readonly ParsedResult[]): number | null {
  const withZone = results.find(
    (result) => result.start.isCertain('timezoneOffset') && !result.start.tags().has(RELATIVE_TIME_TAG),
  );
  return withZone?.start.get('timezoneOffset') ?? null;
}

/**
 * Chrono's components are wall-clock in the reference offset; rebuilding them with luxon in the
 * IANA zone is what makes a Monday after a DST change land on the right instant.
 */
export function toTimeMention(result: ParsedResult, zone: string, now: number): TimeMention {
  const start = result.start;
  const dated = isDated(result);
  const day = dated ? dayOf(start, zone) : nextDay(result, zone, now);
  const span = { index: result.index, length: result.text.length, dated };
  const shaped = shapeOf(result, day, zone);
  return { ...span, ...(isWeekdayOnly(start) ? weekdayAhead(shaped, now) : shaped) };
}

function isWeekdayOnly(components: ParsedComponents): boolean {
  return components.isCertain('weekday') && !components.isCertain('day');
}

/**
 * A bare weekday means its next occurrence that is not over yet. Chrono picks the *closest*
 * weekday (possibly yesterday) when a time is attached, and how it corrects that depends on the
 * host's own zone, so the rolling forward is done here.
 */
function weekdayAhead<T extends Pick<TimeMention, 'start' | 'end'>>(shaped: T, now: number): T {
  let weeks = 0;
  while (shaped.end.plus({ weeks }).toMillis() <= now) weeks += 1;
  return { ...shaped, start: shaped.start.plus({ weeks }), end: shaped.end.plus({ weeks }) };
}

function shapeOf(result: ParsedResult, day: DateTime, zone: string): Pick<TimeMention, 'shape' | 'start' | 'end'> {
  const start = result.start;
  const tags = start.tags();
  const nextMidnight = day.plus({ days: 1 });
  if (tags.has(WEEK_OF_TAG)) {
    const monday = day.startOf('week');
    return { shape: 'range', start: monday, end: monday.plus({ days: 5 }) };
  }
  if (tags.has(AFTER_TAG)) return { shape: 'range', start: atClock(day, start, result.text), end: nextMidnight };
  if (tags.has(BEFORE_TAG)) return { shape: 'range', start: day, end: atClock(day, start, result.text) };
  if (start.isCertain('hour')) {
    const at = atClock(day, start, result.text);
    const end = result.end ? atClock(dayOf(result.end, zone, day), result.end, result.text) : at;
    return { shape: result.end ? 'range' : 'point', start: at, end: end < at ? end.plus({ days: 1 }) : end };
  }
  const part = [...tags].map((tag) => DAY_PARTS[tag]).find((hours) => hours !== undefined);
  if (part) return { shape: 'range', start: day.set({ hour: part[0] }), end: day.set({ hour: part[1] }) };
  if (start.isCertain('month') && !start.isCertain('day') && !start.isCertain('weekday')) {
    return { shape: 'range', start: day.startOf('month'), end: day.startOf('month').plus({ months: 1 }) };
  }
  const lastDay = result.end ? dayOf(result.end, zone, day) : day;
  return { shape: 'day', start: day, end: lastDay.plus({ days: 1 }) };
}

function isDated(result: ParsedResult): boolean {
  const start = result.start;
  const certain = start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
  return certain || /\b(?:this|today|tonight)\b/i.test(result.text);
}

function dayOf(components: ParsedComponents, zone: string, fallback?: DateTime): DateTime {
  const isDateless = !components.isCertain('day') && !components.isCertain('weekday');
  if (fallback && isDateless) return fallback;
  const year = components.get('year') ?? 0;
  return DateTime.fromObject({ year, month: components.get('month') ?? 1, day: components.get('day') ?? 1 }, { zone });
}

/** A clock time without a date means its next occurrence (chrono's guess ignores our am/pm rule). */
function nextDay(result: ParsedResult, zone: string, now: number): DateTime {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const start = result.start.isCertain('hour') ? atClock(today, result.start, result.text) : today;
  return start.toMillis() < now ? today.plus({ days: 1 }) : today;
}

function atClock(day: DateTime, components: ParsedComponents, text: string): DateTime {
  const { hour, minute } = clockOf(components, text);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * Nobody books a sales call at 2 in the night: an hour of 1–7 without am/pm ("at 2", "2:30")
 * is read as afternoon. A zero-padded "07:00" is taken as written.
 */
function clockOf(components: ParsedComponents, text: string): { hour: number; minute: number } {
  const hour = components.get('hour') ?? 0;
  const minute = components.get('minute') ?? 0;
  const zeroPadded = new RegExp(`(?<!\\d)0${hour}(?=[:.h])`).test(text);
  const afternoon = !components.isCertain('meridiem') && hour >= 1 && hour <= 7 && !zeroPadded;
  return { hour: afternoon ? hour + 12 : hour, minute };
}

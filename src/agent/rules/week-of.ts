import type { Parser } from 'chrono-node';
import { Info } from 'luxon';
import type { Language } from './lexicon.js';

/** Tag on "the week of the 14th": the mention is Monday to Friday of the week holding that day. */
export const WEEK_OF_TAG = 'rules/weekOf';

const DAY = '(\\d{1,2})(?:st|nd|rd|th|er|\\.)?';

/** Month names (long and short, as luxon's locale data writes them) → month number. */
function monthNames(language: Language): Map<string, number> {
  const names = new Map<string, number>();
  for (const style of ['long', 'short'] as const) {
    Info.months(style, { locale: language }).forEach((name, i) => names.set(name.toLowerCase().replace(/\.$/, ''), i + 1));
  }
  return names;
}

/**
 * The words before the date, per language, and where the day and month are: day then month
 * ("the week of the 14th of December", "la semaine du 14 décembre") or month then day
 * ("the week of Dec 14"). Groups: 1 = month before the day, 2 = day, 3 = month after it.
 */
function patternFor(language: Language, month: string): RegExp {
  const prefixes: Record<Language, string> = {
    en: '(?:the\\s+)?week\\s+(?:of|starting|beginning|commencing)\\s+(?:mon(?:day)?\\.?,?\\s+)?(?:the\\s+)?',
    fr: '(?:la\\s+)?semaine\\s+du\\s+(?:lundi\\s+)?',
    de: '(?:die\\s+)?woche\\s+(?:vom|ab dem|ab)\\s+(?:montag,?\\s+(?:dem\\s+)?)?',
    es: '(?:la\\s+)?semana\\s+del\\s+(?:lunes\\s+)?',
  };
  const monthAfter = language === 'en' ? '(?:\\s+(?:of\\s+)?' : language === 'es' ? '(?:\\s+de\\s+' : '(?:\\s+';
  const date = `(?:(?:(${month})\\.?\\s+)?${DAY}${monthAfter}(${month})\\.?)?)`;
  return new RegExp(`(?<![\\p{L}])${prefixes[language]}${date}(?![\\p{L}\\p{N}])`, 'iu');
}

/**
 * "the week of the 14th", "la semaine du 14", "die Woche vom 14.", "la semana del 14": chrono
 * reads only the date (or, in English, "the week" as a week from now). Without a month the day
 * is in this month unless that week is already over, then in the next; with one, in this year
 * unless over, then the next.
 */
export function weekOfParser(language: Language): Parser {
  const months = monthNames(language);
  const monthAlternatives = [...months.keys()].sort((a, b) => b.length - a.length).join('|');
  return {
    pattern: () => patternFor(language, monthAlternatives),
    extract: (context, match) => {
      const day = Number(match[2]);
      const namedMonth = months.get((match[1] ?? match[3] ?? '').toLowerCase()) ?? null;
      const reference = context.reference.getDateWithAdjustedTimezone();
      const date = resolve(reference, day, namedMonth);
      if (!date) return null;
      return context
        .createParsingComponents({ day: date.getDate(), month: date.getMonth() + 1, year: date.getFullYear() })
        .addTag(WEEK_OF_TAG);
    },
  };
}

function resolve(reference: Date, day: number, month: number | null): Date | null {
  const candidate = (year: number, monthIndex: number) => {
    const date = new Date(year, monthIndex, day);
    return date.getDate() === day ? date : null;
  };
  const thisOne = month === null ? candidate(reference.getFullYear(), reference.getMonth()) : candidate(reference.getFullYear(), month - 1);
  if (thisOne && weekEnd(thisOne) > reference) return thisOne;
  return month === null ? candidate(reference.getFullYear(), reference.getMonth() + 1) : candidate(reference.getFullYear() + 1, month - 1);
}

/** Saturday 00:00 after the date's Monday–Friday week. */
function weekEnd(date: Date): Date {
  const mondayOffset = (date.getDay() + 6) % 7;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() - mondayOffset + 5);
}

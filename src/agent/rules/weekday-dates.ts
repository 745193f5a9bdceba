import { DateTime, Info } from 'luxon';

const LOCALES = ['en', 'fr', 'de', 'es'] as const;
const WEEKDAYS = new Map<string, number>(
  LOCALES.flatMap((locale) => Info.weekdays('long', { locale }).map((name, i): [string, number] => [name.toLowerCase(), i + 1])),
);
const MONTHS = LOCALES.flatMap((locale) => [...Info.months('long', { locale }), ...Info.months('short', { locale })])
  .map((name) => name.toLowerCase().replace(/\.$/, ''))
  .sort((a, b) => b.length - a.length);

/**
 * "mardi 24", "Dienstag, den 24.", "el martes 24", "Tuesday the 24th": groups are the weekday,
 * the article, the day and its suffix. Not before a month ("mardi 24 novembre" parses as is) and
 * not a clock time ("mardi 16h", "Tuesday 10:00").
 */
const WEEKDAY_DAY_RE = new RegExp(
  `(?<![\\p{L}])(${[...WEEKDAYS.keys()].join('|')}),?\\s+(le\\s+|den\\s+|el\\s+|the\\s+)?(\\d{1,2})(er|st|nd|rd|th|\\.)?` +
    `(?=[\\s,]|$)(?![\\s,]*(?:${MONTHS.join('|')})(?![\\p{L}]))([\\s,]+(?:à|a las|a la|um|at)\\s)?`,
  'giu',
);

/**
 * Chrono reads no French weekday with a day number and no month ("Le mardi 24 à 16h"), and the
 * other languages only the weekday. When the number is that weekday's next date it adds nothing,
 * so it is blanked and the weekday (with its time) is read. A bare number that could be an hour
 * ("Tuesday 10") is left alone unless something marks it as a day: an article, a suffix, a value
 * above 12 or a time after it.
 */
export function blankDayNumbersOfWeekdays(text: string, now: number, zone: string): string {
  let out = text;
  for (const m of text.matchAll(WEEKDAY_DAY_RE)) {
    const [match, weekday = '', article, day, suffix, timeAfter] = m;
    const number = Number(day);
    const markedAsDay = article !== undefined || suffix !== undefined || number > 12 || timeAfter !== undefined;
    if (!markedAsDay || nextDateOf(WEEKDAYS.get(weekday.toLowerCase()) ?? 0, now, zone).day !== number) continue;
    const from = (m.index ?? 0) + weekday.length;
    const to = (m.index ?? 0) + match.length - (timeAfter?.length ?? 0);
    out = out.slice(0, from) + ' '.repeat(to - from) + out.slice(to);
  }
  return out;
}

function nextDateOf(weekday: number, now: number, zone: string): DateTime {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  return today.plus({ days: (weekday - today.weekday + 7) % 7 });
}

import { DateTime } from 'luxon';
import type { Language } from './lexicon.js';
import type { TimeMention } from './times.js';

/**
 * "Next week", "early next week", "the week after": a window of days, not one day. The date
 * parsers read "la semaine prochaine" or "nächste Woche" as the day a week from now (Spanish not
 * at all), so these are read here, in every language, and kept away from them.
 */

type Part = 'whole' | 'early' | 'late' | 'weekAfter';

interface WindowWords {
  /** The week after this one. */
  next: string;
  early: string;
  late: string;
  /** The week after next; English "the week after" is said right after naming next week. */
  weekAfter: string;
}

const WORDS: Record<Language, WindowWords> = {
  en: {
    next: 'next week',
    early: '(?:early|(?:the )?(?:beginning|start) of)',
    late: '(?:late|(?:the )?end of)',
    weekAfter: '(?:week after next|the week after(?=\\s*(?:[,.!?;]|$|works?|is|would|could|suits?|then|instead)))',
  },
  fr: {
    next: '(?:la )?(?:semaine prochaine|prochaine semaine)',
    early: '(?:en )?début de',
    late: '(?:en )?fin de',
    weekAfter: "(?:dans deux semaines|(?:la )?semaine d'après)",
  },
  de: {
    next: '(?:in der )?(?:nächste[nr]?|kommende[nr]?) woche',
    early: 'anfang',
    late: 'ende',
    weekAfter: '(?:in der )?übernächste[nr]? woche',
  },
  es: {
    next: '(?:la )?(?:semana que viene|próxima semana|proxima semana|semana próxima|semana proxima)',
    early: '(?:a )?(?:principios|comienzos|inicios) de',
    late: '(?:a )?finales de',
    weekAfter: '(?:dentro de dos semanas|(?:la )?semana siguiente a la próxima)',
  },
};

const all = (key: keyof WindowWords) => Object.values(WORDS).map((words) => words[key]).join('|');
const spaced = (source: string) => source.replace(/ /g, '\\s+');

/** Window phrases of all languages; a qualified one ("early next week") starts before its "next week". */
const WINDOW_RE = new RegExp(
  spaced(`(?<![\\p{L}])(?:(?:${all('early')}|${all('late')}) )?(?:${all('next')}|${all('weekAfter')})(?![\\p{L}])`),
  'giu',
);
const EARLY_RE = new RegExp(spaced(`^(?:${all('early')}) `), 'iu');
const LATE_RE = new RegExp(spaced(`^(?:${all('late')}) `), 'iu');
const WEEK_AFTER_RE = new RegExp(spaced(`^(?:${all('weekAfter')})`), 'iu');
const WEEKDAY = '(?:\\p{L}+day|lundi|mardi|mercredi|jeudi|vendredi|\\p{L}+tag|mittwoch|lunes|martes|miércoles|jueves|viernes)';
/** "Tuesday next week", "next week on Tuesday": a day is named, and the date parsers read that. */
const DAY_BEFORE_RE = new RegExp(`${WEEKDAY}[\\s,]*$`, 'iu');
const DAY_AFTER_RE = new RegExp(`^[\\s,]*(?:on |am |le |el )?${WEEKDAY}`, 'iu');

/** The window each phrase names, as Monday-based days in the prospect's zone. */
const DAYS: Record<Part, { from: number; to: number }> = {
  // Monday 00:00 to the next Monday, as "next week" has always been read.
  whole: { from: 7, to: 14 },
  early: { from: 7, to: 10 },
  late: { from: 10, to: 12 },
  // Monday to Saturday, like "the week of the 30th".
  weekAfter: { from: 14, to: 19 },
};

/** The week windows the text names, with where, relative to the week holding `now`. */
export function findWeekWindows(text: string, now: number, zone: string): TimeMention[] {
  const monday = DateTime.fromMillis(now, { zone }).startOf('week');
  const found: TimeMention[] = [];
  for (const m of text.matchAll(WINDOW_RE)) {
    const index = m.index ?? 0;
    if (DAY_BEFORE_RE.test(text.slice(0, index)) || DAY_AFTER_RE.test(text.slice(index + m[0].length))) continue;
    const { from, to } = DAYS[partOf(m[0])];
    const [start, end] = [monday.plus({ days: from }), monday.plus({ days: to })];
    found.push({ index, length: m[0].length, dated: true, shape: 'range', start, end });
  }
  return found;
}

function partOf(phrase: string): Part {
  if (EARLY_RE.test(phrase)) return 'early';
  if (LATE_RE.test(phrase)) return 'late';
  return WEEK_AFTER_RE.test(phrase) ? 'weekAfter' : 'whole';
}

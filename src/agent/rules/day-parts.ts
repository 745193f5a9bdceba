import type { DateTime } from 'luxon';
import { wordsSource } from './lexicon.js';
import { spansOverlap } from './text.js';
import type { TimeMention } from './times.js';

/** Hours a meeting in that part of the day could start, as chrono's day parts are read. */
const PARTS: { hours: [number, number]; words: string }[] = [
  { hours: [8, 12], words: 'mornings?|matins?|matinées?|vormittage?|vormittags|morgens|mañanas?' },
  { hours: [12, 17], words: 'afternoons?|après-midis?|nachmittage?|nachmittags|tardes?' },
  { hours: [17, 20], words: 'evenings?|soirs?|soirées?|abende?|abends' },
];
/** "any afternoon", "tous les matins", "jeden Nachmittag", "cualquier tarde", German "nachmittags". */
const REPEATED = [
  'any', 'every', 'all', "n'importe quel(?:le)?", 'tou(?:te)?s les', 'chaque', 'jede[nmr]?', 'an jedem', 'cualquier', 'tod[ao]s l[ao]s', 'por las', 'cada',
];
const REPEATED_RE = new RegExp(
  `${wordsSource(REPEATED)}\\s+(?:${PARTS.map((part) => part.words).join('|')})(?![\\p{L}])|${wordsSource(['vormittags', 'nachmittags', 'abends'])}`,
  'iu',
);

/**
 * "Any afternoon next week": that part of every working day of the span, not one afternoon.
 * Days named as exceptions ("except Wednesday") are left out by the caller with the rejections.
 */
export function everyDayPart(times: readonly TimeMention[], text: string): TimeMention[] {
  const phrase = REPEATED_RE.exec(text);
  const spans = times.filter((time) => time.dated && time.end.diff(time.start, 'days').days > 1);
  const [span] = spans;
  const part = phrase && PARTS.find(({ words }) => new RegExp(`(?:${words})$`, 'iu').test(phrase[0]));
  if (!phrase || !part || !span || spans.length > 1) return [...times];
  const said = { index: phrase.index, length: phrase[0].length };
  const daily = workingDays(span.start, span.end).map(
    (day): TimeMention => ({ ...span, shape: 'range', start: day.set({ hour: part.hours[0] }), end: day.set({ hour: part.hours[1] }) }),
  );
  const others = times.filter((time) => time !== span && !spansOverlap(time, said));
  return [...others, ...daily].sort((a, b) => a.index - b.index);
}

function workingDays(start: DateTime, end: DateTime): DateTime[] {
  const days: DateTime[] = [];
  for (let day = start.startOf('day'); day < end; day = day.plus({ days: 1 })) if (day.weekday <= 5) days.push(day);
  return days;
}

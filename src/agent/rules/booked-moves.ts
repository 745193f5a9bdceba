import { DateTime, Info, type DurationLikeObject } from 'luxon';
import type { Interval } from '../../core/interval.js';
import { wordsSource } from './lexicon.js';
import type { Span } from './text.js';
import type { TimeMention } from './times.js';

/**
 * Moves said relative to the booked meeting ("push it back a week", "le lendemain à la même
 * heure", "einen Tag später", "el jueves a la misma hora"): the date parsers would read them from
 * today, so with a meeting booked they are read here, from the meeting, keeping its length.
 */

type Unit = 'minutes' | 'hours' | 'days' | 'weeks';

const UNITS: [Unit, string][] = [
  ['minutes', 'minutes?|mins?|minuten|minutos?'],
  ['hours', 'hours?|hrs?|heures?|stunden?|horas?'],
  ['days', 'days?|jours?|tage?n?|días?|dias?'],
  ['weeks', 'weeks?|semaines?|wochen?|semanas?'],
];
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, un: 1, une: 1, deux: 2, trois: 3, ein: 1, eine: 1, einen: 1, einem: 1, zwei: 2,
  drei: 3, una: 1, uno: 1, dos: 2, tres: 3,
};
const NUMBER = `(?:\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
/**
 * "an hour", "d'une semaine", "um eine Woche", "30 minutes", "half an hour", "una semana"; not a
 * clock time written in words ("à 16 heures", "a las 5 horas", "2 heures de l'après-midi").
 */
const AMOUNT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?<!(?<![\\p{L}])(?:à|a|vers|las|at|around)\\s+)(?!\\d{1,2}\\s+heures?\\s+(?:du|de l'|de la))(?:(?:by|of|d'|de|um) ?)?(?:(?<half>half an? hour|une demi-heure|(?:eine )?halbe stunde|media hora)|(?<count>${NUMBER})\\s+(?<unit>${UNITS.map(([, words]) => words).join('|')}))(?![\\p{L}])`,
  'giu',
);
/** The next day, however it is said: one day later. */
const NEXT_DAY_RE = new RegExp(
  wordsSource([
    'the (?:following|next) day', 'the day after(?! tomorrow)', 'le lendemain', 'le jour suivant', 'am (?:nächsten|folgenden) tag',
    'am folgetag', 'am tag danach', '(?:al|el) día siguiente', '(?:al|el) dia siguiente', 'al otro día',
  ]),
  'giu',
);
/** Words in the sentence of an amount that say which way it moves the meeting. */
const LATER_RE = new RegExp(
  wordsSource([
    'later', 'push\\p{L}*', 'delay\\p{L}*', 'postpone\\p{L}*', '(?:move|bump)\\p{L}* (?:\\p{L}+ ){0,3}(?:back|out)',
    'plus tard', 'décal\\p{L}*', 'decal\\p{L}*', 'report\\p{L}*', 'repouss\\p{L}*', 'retard\\p{L}*', 'après(?!-)',
    'später', 'verschieb\\p{L}*', 'verlegen', 'nach hinten', 'danach',
    'más tarde', 'mas tarde', 'después', 'despues', 'retras\\p{L}*', 'aplaz\\p{L}*', 'pospon\\p{L}*',
  ]),
  'iu',
);
const EARLIER_RE = new RegExp(
  wordsSource([
    'earlier', 'sooner', '(?:move|bump|bring)\\p{L}* (?:\\p{L}+ ){0,3}(?:up|forward)', 'plus tôt', 'avanc\\p{L}*',
    'früher', 'eher', 'vorzieh\\p{L}*', 'vorverleg\\p{L}*', 'nach vorne', 'antes', 'más temprano', 'adelant\\p{L}*',
  ]),
  'iu',
);
const SAME_TIME_RE = new RegExp(
  wordsSource(['same time', 'même heure', 'meme heure', '(?:gleiche[nr]?|selbe[nr]?|derselben) (?:uhr)?zeit', 'misma hora']),
  'iu',
);
const SENTENCE_RE = /[^.!?\n]+/gu;

/** The booked meeting moved by each amount the text names with a direction, or to the next day. */
export function findBookedMoves(text: string, booked: Interval, zone: string): TimeMention[] {
  const moves: TimeMention[] = [];
  for (const sentence of text.matchAll(SENTENCE_RE)) {
    const offset = sentence.index ?? 0;
    for (const m of sentence[0].matchAll(AMOUNT_RE)) {
      const direction = directionOf(sentence[0]);
      if (direction === 0) continue;
      moves.push(moved(booked, zone, scaled(amountOf(m.groups ?? {}), direction), offset + (m.index ?? 0), m[0].length));
    }
    for (const m of sentence[0].matchAll(NEXT_DAY_RE)) {
      moves.push(moved(booked, zone, { days: 1 }, offset + (m.index ?? 0), m[0].length));
    }
  }
  return moves;
}

/** +1 later, -1 earlier, 0 when the sentence does not say (then the amount is not a move: "I need 2 hours"). */
function directionOf(sentence: string): number {
  const later = LATER_RE.exec(sentence)?.index;
  const earlier = EARLIER_RE.exec(sentence)?.index;
  if (later === undefined) return earlier === undefined ? 0 : -1;
  return earlier === undefined || later > earlier ? 1 : -1;
}

function amountOf(groups: Record<string, string | undefined>): DurationLikeObject {
  if (groups.half) return { minutes: 30 };
  const count = Number(groups.count) || NUMBER_WORDS[(groups.count ?? '').toLowerCase()] || 1;
  const unit = UNITS.find(([, words]) => new RegExp(`^(?:${words})$`, 'iu').test(groups.unit ?? ''))?.[0] ?? 'days';
  return { [unit]: count };
}

function scaled(amount: DurationLikeObject, direction: number): DurationLikeObject {
  return Object.fromEntries(Object.entries(amount).map(([unit, count]) => [unit, count * direction]));
}

/** Days and weeks keep the wall-clock time across a DST change; luxon's plus does that in the zone. */
function moved(booked: Interval, zone: string, by: DurationLikeObject, index: number, length: number): TimeMention {
  const start = DateTime.fromMillis(booked.start, { zone }).plus(by);
  const end = DateTime.fromMillis(booked.end, { zone }).plus(by);
  return { index, length, dated: true, shape: 'range', start, end };
}

/**
 * "Thursday, same time": a day (or "next week") named with "same time" is the booked meeting's
 * hours on that day, or on the day of the span that falls on the meeting's weekday.
 */
export function atBookedTime(times: readonly TimeMention[], text: string, booked: Interval, zone: string): TimeMention[] {
  if (!SAME_TIME_RE.test(text)) return [...times];
  const meeting = DateTime.fromMillis(booked.start, { zone });
  const length = booked.end - booked.start;
  return times.map((time) => {
    const day = time.dated ? dayOf(time, meeting) : null;
    if (!day) return time;
    const sameDay = day.set({ hour: meeting.hour, minute: meeting.minute, second: 0, millisecond: 0 });
    // "Same time next week" said of a meeting next week means the week after it, never the meeting itself.
    const start = sameDay.toMillis() === booked.start ? sameDay.plus({ weeks: 1 }) : sameDay;
    return { ...time, shape: 'range', start, end: start.plus({ milliseconds: length }) };
  });
}

/**
 * A day named, or in a span of days ("next week") the one on the meeting's weekday. Clock times
 * and parts of a day ("Thursday afternoon"), and moves already read, say their own hours.
 */
function dayOf(time: TimeMention, meeting: DateTime): DateTime | null {
  const first = time.start.startOf('day');
  if (time.shape === 'day') return first;
  const days = Math.round(time.end.diff(first, 'days').days);
  if (days <= 1) return null;
  const offset = (meeting.weekday - first.weekday + 7) % 7;
  return offset < days ? first.plus({ days: offset }) : null;
}

/**
 * "Could we bump it to 11?", "décaler à 17h le même jour": with a meeting booked, a time without a
 * date that is none of the offered ones is on the meeting's day, not the next time that hour comes.
 */
export function onBookedDay(time: TimeMention, booked: Interval, zone: string): TimeMention {
  const start = DateTime.fromMillis(booked.start, { zone }).startOf('day').set({ hour: time.start.hour, minute: time.start.minute });
  return { ...time, dated: true, start, end: start.plus(time.end.diff(time.start)) };
}

const WEEKDAY_NAMES = new Map<string, number>(
  (['en', 'fr', 'de', 'es'] as const).flatMap((locale) =>
    Info.weekdays('long', { locale }).map((name, i): [string, number] => [name.toLowerCase(), i + 1]),
  ),
);
const FROM_DAY_RE = new RegExp(
  `(?<![\\p{L}])(?:from|de|du|von|vom|del|desde)\\s+(?:the\\s+|le\\s+|el\\s+)?(${[...WEEKDAY_NAMES.keys()].join('|')})\\s+(?=(?:to|à|au|auf|zu|nach|al|a|hasta)\\s)`,
  'giu',
);

/** "from Tuesday to Thursday at 3pm" with the meeting on Tuesday: "from Tuesday" says where from, not a range. */
export function fromBookedDay(text: string, booked: Interval, zone: string): Span[] {
  const weekday = DateTime.fromMillis(booked.start, { zone }).weekday;
  return [...text.matchAll(FROM_DAY_RE)]
    .filter((m) => WEEKDAY_NAMES.get((m[1] ?? '').toLowerCase()) === weekday)
    .map((m) => ({ index: m.index ?? 0, length: m[0].length }));
}

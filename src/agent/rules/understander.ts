import { DateTime } from 'luxon';
import { fallsIn, type Interval } from '../../core/interval.js';
import { anchorToNamedDay } from './anchor.js';
import { classify, dropsTimes, keepsChoice, reportedTimes, type Scheduling } from './intents.js';
import { detectLanguage } from './language.js';
import { allPhrases, wordsRegex } from './lexicon.js';
import { findPeople } from './people.js';
import { findPositionMentions, TIME_FILL, type PositionMention } from './picks.js';
import { findQuestion } from './questions.js';
import { blankSpans, cleanReply, negatedMentions } from './text.js';
import { parsedOffset, parseTimes, toTimeMention, type TimeMention } from './times.js';
import { fixPickTypos, fixWeekdayTypos } from './typos.js';
import { findZoneMention } from './time-zone-mentions.js';
import { findWeekWindows } from './week-windows.js';
import { atBookedTime, findBookedMoves, fromBookedDay, onBookedDay } from './booked-moves.js';
import { everyDayPart } from './day-parts.js';
import { zoneForOffset } from '../../core/offset-zone.js';
import type { OfferedTime, Understanding } from '../../core/understanding.js';
import type { Understander, UnderstandingContext } from '../understanding.js';

const REQUEST_RE = wordsRegex(allPhrases('requestTimes'));
const ANY_OFFER_RE = wordsRegex(allPhrases('anyOffer'));

/** The deterministic engine behind the Understander interface. */
export function createRulesUnderstander(): Understander {
  return { understand: async (context) => understandByRules(context) };
}

/** Everything the reply says, before deciding what it means. */
interface Reading {
  /** Zone named in the text ("3pm CET", "UTC+2", "my time"), else null. */
  namedZone: string | null;
  /** Zone the times were read in. */
  zone: string;
  times: TimeMention[];
  positions: PositionMention[];
  /** Mentions that were rejected ("not Tuesday", "2 doesn't work"). */
  rejected: Set<TimeMention | PositionMention>;
  asksForTimes: boolean;
  acceptsAny: boolean;
  /** Pick words read only after correcting a typo ("secnod", "wroks"). */
  typoFixes: number;
}

/** How one time the prospect wrote lines up with the offers. */
interface TimeMatch {
  mention: TimeMention;
  offers: OfferedTime[];
  /** The time as instants: a dateless clock time is placed on the day of the offer(s) it matches. */
  intervals: Interval[];
}

/**
 * Reads a reply with keyword tables and chrono-node. The times and positions say pick, propose or
 * request_times: one unambiguous offer (by position or by time) is a pick; several candidates or
 * times matching no offer are a proposal; rejections or requests without a usable time ask for new
 * times. The rest of the message can override that (see `classify`): unsubscribe, redirect, human,
 * decline, cancel, reschedule, or a question when no time was named.
 */
export function understandByRules(context: UnderstandingContext): Understanding {
  const text = fixWeekdayTypos(cleanReply(context.text));
  // Addresses and names are blanked so "jane2@…" or a colleague called May are not read as times.
  const found = findPeople(text);
  const reading = read(blankSpans(text, found.spans), context);
  const booked = context.booked ?? null;
  const scheduling = decide(reading, context.offered, booked);
  const question = findQuestion(text, [...reading.times, ...reading.positions, ...found.spans]);
  const intent = classify({ text, scheduling, people: found.people, question, booked });
  return {
    intent,
    choice: keepsChoice(intent, scheduling) ? scheduling.choice : null,
    times: reportedTimes(intent, scheduling.times, booked),
    timeZone: dropsTimes(intent) ? null : reading.namedZone,
    // Beside a time, only people added with a cue ("cc'ing", "loop in"): a colleague who picks
    // from their own address, or a signature, names nobody to invite.
    people: intent === 'redirect' ? found.people : found.included,
    question,
    language: detectLanguage(text),
    engine: 'rules',
  };
}

function read(text: string, context: UnderstandingContext): Reading {
  const { namedZone, zone, times, withoutZone } = readTimes(text, context);
  const pickWords = fixPickTypos(blankSpans(withoutZone, times, TIME_FILL));
  const positions = findPositionMentions(pickWords.text, context.offered.length);
  const rejected = negatedMentions<TimeMention | PositionMention>(withoutZone, [...times, ...positions]);
  const asksForTimes = REQUEST_RE.test(text);
  const acceptsAny = ANY_OFFER_RE.test(text);
  const typoFixes = pickWords.fixes + positions.filter((position) => position.corrected).length;
  return { namedZone, zone, times, positions, rejected, asksForTimes, acceptsAny, typoFixes };
}

/**
 * The times named, in text order. Week windows and moves of the booked meeting are read first and
 * kept from the date parsers, which would take them as one day or from today.
 */
function readTimes(text: string, context: UnderstandingContext) {
  const zoneMention = findZoneMention(text, context.timeZone, context.now);
  const withoutZone = zoneMention ? blankSpans(text, [zoneMention]) : text;
  const readZone = zoneMention?.zone ?? context.timeZone;
  const booked = context.booked ?? null;
  const moves = booked ? findBookedMoves(withoutZone, booked, readZone) : [];
  const windows = findWeekWindows(blankSpans(withoutZone, moves), context.now, readZone);
  const fromBooked = booked ? fromBookedDay(withoutZone, booked, readZone) : [];
  const forParser = blankSpans(withoutZone, [...windows, ...moves, ...fromBooked]);
  const results = parseTimes(forParser, context.now, readZone, context.offered.length);
  const offset = zoneMention ? null : parsedOffset(results);
  const namedZone = zoneMention?.zone ?? (offset === null ? null : zoneForOffset(offset, context.now));
  const zone = namedZone ?? context.timeZone;
  const parsed = [...windows, ...moves, ...results.map((result) => toTimeMention(result, zone, context.now))];
  const times = everyDayPart(parsed.sort((a, b) => a.index - b.index), withoutZone);
  return { namedZone, zone, times: booked ? atBookedTime(times, withoutZone, booked, zone) : times, withoutZone };
}

function decide(reading: Reading, offered: readonly OfferedTime[], booked: Interval | null): Scheduling {
  const { times, byPosition, choices } = weigh(reading, offered, booked);
  const [choice, ...others] = [...choices];
  if (choice !== undefined && others.length === 0) {
    // One slip is still a pick; two ("secnod wroks") make a guess the agent asks back about.
    const guessed = reading.typoFixes > 1 && byPosition.has(choice);
    return { intent: guessed ? 'unclear' : 'pick', choice, times };
  }
  if (choice !== undefined) return { intent: 'propose', choice: null, times: withOffered(times, offered, byPosition) };
  if (times.length > 0) return { intent: reading.asksForTimes ? 'request_times' : 'propose', choice: null, times };
  // Only rejections ("2 doesn't work", "not Tuesday"): the useful answer is new times.
  if (reading.asksForTimes || reading.rejected.size > 0) return { intent: 'request_times', choice: null, times: [] };
  return { intent: 'unclear', choice: null, times: [] };
}

/** The times named (rejected ones left out) and which offers they, or positions, point at. */
function weigh(reading: Reading, offered: readonly OfferedTime[], booked: Interval | null) {
  // A time inside a rejected day goes with it: "any afternoon next week except Wednesday".
  const rejectedDays = reading.times.filter((time) => time.shape === 'day' && reading.rejected.has(time));
  const inRejectedDay = (mention: TimeMention | PositionMention) =>
    'shape' in mention && rejectedDays.some((day) => day.start <= mention.start && mention.end <= day.end);
  const kept = <T extends TimeMention | PositionMention>(mentions: T[]) =>
    mentions.filter((mention) => !reading.rejected.has(mention) && !inRejectedDay(mention));
  const matches = anchorToNamedDay(kept(reading.times)).map((mention) => matchOffers(mention, offered, reading.zone, booked));
  const times = uniqueIntervals(matches.flatMap((match) => match.intervals));
  const named = kept(reading.positions).map((mention) => mention.position);
  // "Either works" with nothing more specific names every offer.
  const anyOffer = reading.acceptsAny && named.length === 0 && times.length === 0;
  const byPosition = new Set(anyOffer ? offered.map((offer) => offer.position) : named);
  const byTime = matches.flatMap((match) =>
    countsAsChoice(match, reading.asksForTimes) ? match.offers.map((offer) => offer.position) : [],
  );
  return { times, byPosition, choices: new Set([...byPosition, ...byTime]) };
}

/**
 * One matching offer is a choice; but a vague time ("Tuesday", "Tuesday morning") in a reply
 * that asks for other times ("anything later on Tuesday?") is the window they want, not a pick.
 */
function countsAsChoice(match: TimeMatch, asksForTimes: boolean): boolean {
  return match.offers.length === 1 && (match.mention.shape === 'point' || !asksForTimes);
}

function matchOffers(mention: TimeMention, offered: readonly OfferedTime[], zone: string, booked: Interval | null): TimeMatch {
  if (mention.dated) {
    const interval = toInterval(mention.start, mention.end);
    return { mention, offers: offered.filter((offer) => fallsIn(interval, offer)), intervals: [interval] };
  }
  const placed = offered
    .map((offer) => ({ offer, interval: onDayOf(mention, offer, zone) }))
    .filter(({ offer, interval }) => fallsIn(interval, offer));
  if (placed.length === 0) {
    const unplaced = booked ? onBookedDay(mention, booked, zone) : mention;
    return { mention, offers: [], intervals: [toInterval(unplaced.start, unplaced.end)] };
  }
  return { mention, offers: placed.map((p) => p.offer), intervals: placed.map((p) => p.interval) };
}

/** The same wall-clock time on the offer's local day; plus({ days }) keeps wall-clock across DST. */
function onDayOf(mention: TimeMention, offer: OfferedTime, zone: string): Interval {
  const offerDay = DateTime.fromMillis(offer.start, { zone }).startOf('day');
  const days = Math.round(offerDay.diff(mention.start.startOf('day'), 'days').days);
  return toInterval(mention.start.plus({ days }), mention.end.plus({ days }));
}

function withOffered(times: Interval[], offered: readonly OfferedTime[], positions: Set<number>): Interval[] {
  const chosen = offered.filter((offer) => positions.has(offer.position)).map(({ start, end }) => ({ start, end }));
  return uniqueIntervals([...times, ...chosen]);
}

function uniqueIntervals(intervals: readonly Interval[]): Interval[] {
  const seen = new Set<string>();
  return intervals.filter(({ start, end }) => !seen.has(`${start}-${end}`) && seen.add(`${start}-${end}`));
}

function toInterval(start: DateTime, end: DateTime): Interval {
  return { start: start.toMillis(), end: end.toMillis() };
}

import { fallsIn, type Interval } from '../../core/interval.js';
import { allPhrases, wordsRegex } from './lexicon.js';
import { intentRegex } from './intent-lexicon.js';
import type { Intent, NamedPerson } from '../../core/understanding.js';

const UNSUBSCRIBE_RE = intentRegex('unsubscribe');
const REDIRECT_RE = intentRegex('redirect');
const INCLUDE_RE = intentRegex('include');
const BOT_CHECK_RE = intentRegex('botCheck');
const HUMAN_RE = intentRegex('human');
const DECLINE_RE = wordsRegex(allPhrases('decline'));
const CANCEL_RE = intentRegex('cancel');
const RESCHEDULE_RE = intentRegex('reschedule');
const EXCUSE_RE = intentRegex('excuses');
const REQUEST_RE = wordsRegex(allPhrases('requestTimes'));
const RELATION_RE = intentRegex('relations');
const CANNOT_ATTEND_RE = intentRegex('cannotAttend');
/** Longest a day is (25 hours on the day clocks go back). */
const DAY_MS = 25 * 60 * 60 * 1000;

/** What the times and positions alone say, before the rest of the message is weighed. */
export interface Scheduling {
  intent: Extract<Intent, 'pick' | 'propose' | 'request_times' | 'unclear'>;
  choice: number | null;
  times: Interval[];
}

export interface MessageFacts {
  /** The cleaned reply. */
  text: string;
  scheduling: Scheduling;
  people: readonly NamedPerson[];
  question: string | null;
  booked: Interval | null;
}

/**
 * The message's intent, strongest signal first: leaving the list is honoured over anything else;
 * a named contact with a redirect cue beats a decline ("not interested, but talk to jane@…");
 * asking for a person (unless a time is picked or proposed with it), declining, cancelling and
 * moving come before the times; "cc'ing jane@…" or a question decide only when the times say
 * nothing.
 */
export function classify(facts: MessageFacts): Intent {
  const { text, scheduling, people, question, booked } = facts;
  if (UNSUBSCRIBE_RE.test(text)) return 'unsubscribe';
  if (people.length > 0 && REDIRECT_RE.test(text)) return 'redirect';
  if (BOT_CHECK_RE.test(text)) return 'human';
  // "Tuesday at 10 works to speak with someone" is a pick; "I'd like to speak to someone" is not.
  if (HUMAN_RE.test(text) && !namesTime(scheduling)) return 'human';
  if (DECLINE_RE.test(text)) return 'decline';
  // "Cancel it and reschedule", "cancel Tuesday, Thursday instead" or "cancel and find another
  // time" move it; an excuse ("something came up, please cancel") does not.
  const newTime = booked !== null && scheduling.times.length > 0 && !isAboutBooking(scheduling.times, booked);
  const otherTime = newTime || REQUEST_RE.test(text);
  if (CANCEL_RE.test(text) && !RESCHEDULE_RE.test(text) && !otherTime) return 'cancel';
  if (RESCHEDULE_RE.test(text) || (booked && EXCUSE_RE.test(text))) return 'reschedule';
  if (booked && movesBooking(facts, booked)) return 'reschedule';
  if (booked && scheduling.intent !== 'request_times' && isAboutBooking(scheduling.times, booked)) return 'unclear';
  if (scheduling.intent !== 'unclear') return scheduling.intent;
  // "cc'ing jane@…" or "my colleague Jane (jane@…)" with nothing else: she is the one to talk to.
  if (people.length > 0 && (INCLUDE_RE.test(text) || RELATION_RE.test(text))) return 'redirect';
  return question ? 'question' : 'unclear';
}

function namesTime(scheduling: Scheduling): boolean {
  return scheduling.intent === 'pick' || scheduling.intent === 'propose';
}

/** Intents whose meaning has nothing to do with times: the times read in them are dropped. */
export function dropsTimes(intent: Intent): boolean {
  return intent === 'unsubscribe' || intent === 'human' || intent === 'decline';
}

/**
 * The times the understanding reports: none for intents about something else; when moving a
 * booked meeting, only where to ("cancel Tuesday, Thursday instead" → Thursday). A span longer
 * than a day that holds the meeting ("anything later next week?") is where to, not where from.
 */
export function reportedTimes(intent: Intent, times: Interval[], booked: Interval | null): Interval[] {
  if (dropsTimes(intent)) return [];
  if (intent !== 'reschedule' || !booked) return times;
  return times.filter((time) => time.end - time.start > DAY_MS || !namesBooking(time, booked));
}

/**
 * Intents where a position the prospect named still selects an offer; and 'unclear' when the
 * times alone were a guess ("secnod wroks"), so the agent can ask "did you mean option 2?".
 */
export function keepsChoice(intent: Intent, scheduling: Scheduling): boolean {
  if (intent === 'unclear') return scheduling.intent === 'unclear';
  return intent === 'pick' || intent === 'reschedule' || intent === 'redirect';
}

/**
 * With a meeting booked, asking for times ("anything next week?"), other times ("Thursday
 * instead?") or "I can't make it" ask to move it; a pick of an offered time is still a pick
 * (offers made while rescheduling).
 */
function movesBooking({ text, scheduling }: MessageFacts, booked: Interval): boolean {
  if (CANNOT_ATTEND_RE.test(text) || scheduling.intent === 'request_times') return true;
  return scheduling.intent === 'propose' && !isAboutBooking(scheduling.times, booked);
}

/** Every time named is the booked meeting itself: "see you Tuesday at 10!" confirms, it does not move. */
function isAboutBooking(times: readonly Interval[], booked: Interval): boolean {
  return times.length > 0 && times.every((time) => namesBooking(time, booked));
}

/**
 * A moment in the meeting, or a span holding all of it ("Tuesday"), names the meeting; a span
 * that only overlaps it ("15 minutes later") is somewhere else.
 */
function namesBooking(time: Interval, booked: Interval): boolean {
  if (time.start === time.end) return fallsIn(time, booked);
  return time.start <= booked.start && time.end >= booked.end;
}

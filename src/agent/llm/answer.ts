import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Interval } from '../../core/interval.js';
import { EMAIL_RE } from './phrasing-check.js';
import type { Intent, NamedPerson, Understanding } from '../../core/understanding.js';
import type { UnderstandingContext } from '../understanding.js';

/**
 * The answer the model gives through `record_understanding`, and how it becomes an
 * Understanding. The model proposes, this file disposes: an offer id that was not offered, a
 * time that does not exist or a zone luxon does not know make the whole answer malformed (the
 * gateway retries, then the rules engine answers); an email that is not in the mail is dropped.
 */

/** Each intent with the meaning the model is told; a Record so a new Intent cannot be forgotten. */
const INTENT_MEANINGS: Record<Intent, string> = {
  pick: 'chose one of the offered times (give offer_id)',
  propose: 'proposed times of their own that are not clearly one offered time',
  request_times: 'asked for other times, or said none of the offered times work',
  decline: 'is not interested in a meeting',
  unsubscribe: 'asked not to be written to again',
  reschedule: 'wants to move the meeting already booked',
  cancel: 'wants to cancel the meeting already booked',
  question: 'asked something about the product or the meeting',
  redirect: 'pointed to someone else as the right person to meet',
  human: 'asked to deal with a person rather than an assistant',
  unclear: 'none of the above can be read with confidence',
};
const INTENTS = Object.keys(INTENT_MEANINGS) as [Intent, ...Intent[]];

/** A wall-clock time without an offset: the zone travels separately so luxon resolves DST. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

const wireTime = z.object({
  start: z.string().regex(LOCAL_DATE_TIME).describe('local date-time, YYYY-MM-DDTHH:mm, without offset'),
  end: z
    .string()
    .regex(LOCAL_DATE_TIME)
    .nullable()
    .default(null)
    .describe('end of a range or a whole day or part of a day, same format; null for a point in time'),
  zone: z
    .string()
    .max(64)
    .nullable()
    .default(null)
    .describe('IANA zone or offset such as UTC+2 the time is meant in, only when the prospect named one'),
});

const wirePerson = z.object({
  name: z.string().trim().max(200).nullable().default(null),
  email: z.string().trim().max(254).nullable().default(null).describe('exactly as written in the mail'),
});

const wireAnswer = z.object({
  intent: z
    .enum(INTENTS)
    .describe(Object.entries(INTENT_MEANINGS).map(([intent, meaning]) => `${intent}: ${meaning}`).join('; ')),
  offer_id: z.number().int().nullable().default(null).describe('id of the offered time chosen; only with intent pick'),
  times: z.array(wireTime).max(10).default([]).describe('times the prospect named, in their words resolved to dates'),
  time_zone: z
    .string()
    .max(64)
    .nullable()
    .default(null)
    .describe('IANA zone or offset such as UTC+2 the prospect explicitly named, else null'),
  people: z.array(wirePerson).max(5).default([]).describe('people named as the right contact or to include'),
  question: z.string().trim().max(1000).nullable().default(null).describe('the question asked, in their words'),
  language: z.string().regex(/^[A-Za-z]{2}$/).nullable().default(null).describe('ISO 639-1 code of the mail language'),
});

export type WireAnswer = z.output<typeof wireAnswer>;

/** The schema the gateway parses with: the wire shape, checked and converted against this context. */
export function answerSchema(context: UnderstandingContext): z.ZodType<Understanding> {
  return wireAnswer.transform((wire, ctx) => {
    const problems: string[] = [];
    const choice = checkChoice(wire, context, problems);
    const timeZone = wire.time_zone === null ? null : checkZone(wire.time_zone, problems);
    const times = wire.times.flatMap((time) => toInterval(time, time.zone ?? timeZone ?? context.timeZone, problems));
    if (problems.length > 0) {
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return {
      intent: wire.intent,
      choice,
      times,
      timeZone,
      people: peopleInText(wire.people, context.text),
      question: wire.question || null,
      language: wire.language?.toLowerCase() ?? null,
      engine: 'llm',
    } satisfies Understanding;
  });
}

/** A pick must name an offered id, and only a pick may name one. */
function checkChoice(wire: WireAnswer, context: UnderstandingContext, problems: string[]): number | null {
  const id = wire.offer_id;
  if (wire.intent === 'pick' && id === null) problems.push('intent pick without offer_id');
  if (wire.intent !== 'pick' && id !== null) problems.push(`offer_id ${id} with intent ${wire.intent}`);
  if (id !== null && !context.offered.some((offer) => offer.position === id)) problems.push(`offer_id ${id} was not offered`);
  return id;
}

function checkZone(zone: string, problems: string[]): string | null {
  if (DateTime.fromMillis(0, { zone }).isValid) return zone;
  problems.push(`unknown time zone ${JSON.stringify(zone)}`);
  return null;
}

function toInterval(time: WireAnswer['times'][number], zone: string, problems: string[]): Interval[] {
  if (checkZone(zone, problems) === null) return [];
  const start = DateTime.fromISO(time.start, { zone });
  const end = time.end === null ? start : DateTime.fromISO(time.end, { zone });
  if (!start.isValid || !end.isValid) problems.push(`not a real time: ${time.start} – ${time.end ?? ''} ${zone}`);
  else if (end < start) problems.push(`range ends before it starts: ${time.start} – ${time.end}`);
  else return [{ start: start.toMillis(), end: end.toMillis() }];
  return [];
}

/**
 * The model cannot invent an attendee: an email survives only when it is one of the addresses
 * written in the mail (compared whole and case-insensitively, spelled as in the mail). A person
 * left with neither name nor email is dropped.
 */
function peopleInText(people: WireAnswer['people'], text: string): NamedPerson[] {
  const written = new Map((text.match(EMAIL_RE) ?? []).map((email) => [email.toLowerCase(), email]));
  return people.flatMap((person) => {
    const email = (person.email && written.get(person.email.toLowerCase())) ?? null;
    const name = person.name || null;
    return name === null && email === null ? [] : [{ name, email }];
  });
}

import type { OfferReason } from '../core/conversation-types.js';
import type { Interval } from '../core/interval.js';
import { zoneLabel } from '../core/prospect-zone.js';
import type { TemplateName } from '../config/template-names.js';
import { de } from './templates/de.js';
import { en } from './templates/en.js';
import { es } from './templates/es.js';
import { firstName, formatSlot } from './templates/format.js';
import { fr } from './templates/fr.js';
import { SUPPORTED_LANGUAGES, type LanguagePack, type SupportedLanguage } from './templates/pack.js';
import type { OfferedTime } from '../core/understanding.js';

export { SUPPORTED_LANGUAGES, type SupportedLanguage } from './templates/pack.js';

export type Placeholder =
  | 'greeting' | 'first_name' | 'host_name' | 'sender_name' | 'times' | 'time' | 'zone' | 'answer' | 'question' | 'invite_note' | 'guess';

const BASE: Placeholder[] = ['greeting', 'first_name', 'host_name', 'sender_name'];
const OFFER: Placeholder[] = [...BASE, 'times', 'zone', 'answer', 'question'];
const MEETING: Placeholder[] = [...BASE, 'time', 'zone', 'invite_note'];

/** What each template may use: what the pipeline always has at hand when it sends that mail. */
export const PLACEHOLDERS: Record<TemplateName, readonly Placeholder[]> = {
  offer: OFFER, offer_again: OFFER, slot_taken: OFFER, no_fit: OFFER, follow_up: OFFER,
  unclear: [...OFFER, 'guess'],
  confirmation: MEETING, rescheduled: MEETING, cancelled: MEETING, reminder: MEETING,
  decline: BASE, unsubscribed: BASE, handoff_notice: BASE,
  question_deferred: [...BASE, 'question'],
  question_answered: [...BASE, 'question', 'answer'],
};

/** What an override must say: an offer without its times, or an answer without the answer, says nothing. */
const REQUIRED: Partial<Record<TemplateName, Placeholder>> = {
  offer: 'times', offer_again: 'times', slot_taken: 'times', no_fit: 'times', follow_up: 'times', unclear: 'times',
  confirmation: 'time', rescheduled: 'time', cancelled: 'time', reminder: 'time', question_answered: 'answer',
};

/** A line holding one of these is left out when there is nothing to put in it. */
const OPTIONAL: ReadonlySet<string> = new Set<Placeholder>(['answer', 'question', 'guess']);

const PACKS: Record<SupportedLanguage, LanguagePack> = { en, fr, de, es };

/** Which template words an offer, by the reason the state machine gives for it. */
const OFFER_TEMPLATES: Record<OfferReason, TemplateName> = {
  first_contact: 'offer', requested: 'offer_again', unclear: 'unclear', reschedule: 'offer_again',
  slot_taken: 'slot_taken', no_fit: 'no_fit', follow_up: 'follow_up',
};

export function offerTemplate(reason: OfferReason): TemplateName {
  return OFFER_TEMPLATES[reason];
}

export interface ReplyVars {
  /** The prospect's display name as written ("Jane Doe", "Doe, Jane"); null greets neutrally. */
  prospectName: string | null;
  senderName: string;
  /** The rep; for handoff_notice, the person who takes over. */
  hostName: string;
  /** The prospect's zone: times are shown in it and it is named. */
  timeZone: string;
  /** The offered times (offer, offer_again, slot_taken, no_fit, follow_up). */
  slots?: readonly OfferedTime[];
  /** The meeting (confirmation, rescheduled, cancelled, reminder). */
  slot?: Interval;
  /** The campaign FAQ's answer to the prospect's question. */
  answer?: string | null;
  /** The prospect's question, in their words: answered, or deferred to the rep. */
  question?: string | null;
  /** The offered time the prospect most likely meant, when they were not understood for sure (unclear). */
  guess?: OfferedTime | null;
  /** Which sentence tells where the invitation is (confirmation, rescheduled). */
  inviteNote?: keyof LanguagePack['inviteNotes'];
}

export interface RenderOptions {
  /** The prospect's language (ISO 639-1, e.g. from the understanding); unsupported or null → English. */
  language: string | null;
  /**
   * The campaign's own wording by template name (campaign.templates). Loading the configuration
   * checks only the names and that none is empty; renderReply checks the placeholders itself
   * (checkTemplate) and throws on a bad one.
   */
  overrides: Readonly<Record<string, string>>;
}

export interface RenderedReply {
  text: string;
  language: SupportedLanguage;
  /** The times, zone and names the text states, for checking a rephrased version keeps them. */
  facts: string[];
}

/** The mail text for a template, in the prospect's language, with the campaign's override if it has one. */
export function renderReply(name: TemplateName, vars: ReplyVars, options: RenderOptions): RenderedReply {
  const language = supportedLanguage(options.language);
  const override = options.overrides[name];
  const problem = override === undefined ? null : checkTemplate(name, override);
  if (problem) throw new Error(problem);
  const values = valuesFor(vars, PACKS[language], language);
  const { text, used } = fill(name, override ?? PACKS[language].templates[name], values);
  return { text, language, facts: factsOf(values, used) };
}

/** "fr-CA" → "fr"; anything not supported → "en". */
function supportedLanguage(code: string | null): SupportedLanguage {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LANGUAGES.find((language) => language === base) ?? 'en';
}

/**
 * Why a campaign's wording for `name` cannot be used, or null when it can: a placeholder the
 * template does not have (with the ones it has), a stray brace, or a required one left out.
 */
export function checkTemplate(name: TemplateName, text: string): string | null {
  const allowed = PLACEHOLDERS[name];
  const used = [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  const unknown = [...new Set(used.filter((key) => !(allowed as readonly string[]).includes(key)))];
  const list = (keys: readonly string[]) => keys.map((key) => `{${key}}`).join(', ');
  if (unknown.length > 0) {
    const noun = unknown.length === 1 ? 'placeholder' : 'placeholders';
    return `template "${name}": unknown ${noun} ${list(unknown)}; it can use ${list(allowed)}`;
  }
  if (/[{}]/.test(text.replace(/\{[^{}]*\}/g, ''))) {
    return `template "${name}": unmatched "{" or "}"; placeholders are written like {first_name}`;
  }
  const required = REQUIRED[name];
  if (required && !used.includes(required)) return `template "${name}" must contain {${required}}`;
  return null;
}

type Values = Partial<Record<Placeholder, string>>;

function valuesFor(vars: ReplyVars, pack: LanguagePack, language: SupportedLanguage): Values {
  const first = firstName(vars.prospectName);
  const zoneAt = vars.slot?.start ?? vars.slots?.[0]?.start;
  const times = vars.slots?.map((slot) => `  ${slot.position}. ${formatSlot(slot, vars.timeZone, pack)}`);
  return {
    greeting: pack.greeting(first),
    first_name: first ?? '',
    host_name: vars.hostName,
    sender_name: vars.senderName,
    ...(times && times.length > 0 ? { times: times.join('\n') } : {}),
    ...(vars.slot ? { time: formatSlot(vars.slot, vars.timeZone, pack) } : {}),
    ...(zoneAt === undefined ? {} : { zone: zoneLabel(vars.timeZone, zoneAt, language) }),
    // A question quoted back on one line, whatever line breaks it was written with.
    answer: vars.answer?.trim() ?? '',
    question: vars.question?.replace(/\s+/g, ' ').trim() ?? '',
    invite_note: vars.inviteNote ? pack.inviteNotes[vars.inviteNote].replace('{host_name}', vars.hostName) : '',
    guess: vars.guess ? `${vars.guess.position} (${formatSlot(vars.guess, vars.timeZone, pack)})` : '',
  };
}

/**
 * Fills placeholders in one pass (a value that itself contains "{times}" stays text). A line
 * using {answer}, {question} or {guess} goes when that value is empty; an empty {first_name} takes the
 * space before it along ("Hi {first_name}," → "Hi,").
 */
function fill(name: TemplateName, template: string, values: Values): { text: string; used: Set<Placeholder> } {
  const used = new Set<Placeholder>();
  const lines = template.split('\n').filter((line) => {
    const keys = [...line.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? '');
    return !keys.some((key) => OPTIONAL.has(key) && !values[key as Placeholder]);
  });
  const filled = lines.join('\n').replace(/([ \t]?)\{([a-z_]+)\}/g, (_, space: string, key: string) => {
    const value = values[key as Placeholder];
    if (value === undefined) throw new Error(`template "${name}" uses {${key}}, which this mail does not have`);
    used.add(key as Placeholder);
    return value === '' ? '' : space + value;
  });
  return { text: filled.replace(/\n{3,}/g, '\n\n').trim(), used };
}

/** The facts the text states: each offered time, the meeting time, the zone and the names it uses. */
function factsOf(values: Values, used: ReadonlySet<Placeholder>): string[] {
  const stated = (key: Placeholder) => (used.has(key) ? values[key] : undefined);
  const times = stated('times')?.split('\n').map((line) => line.replace(/^\s*\d+\.\s*/, '')) ?? [];
  const greeted = used.has('greeting') || used.has('first_name') ? values.first_name : undefined;
  const named = [stated('time'), stated('zone'), stated('host_name'), greeted];
  return [...times, ...named.filter((fact): fact is string => Boolean(fact))];
}

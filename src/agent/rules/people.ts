import { wordsSource } from './lexicon.js';
import { intentPhrases, intentRegex } from './intent-lexicon.js';
import { end, type Span } from './text.js';
import type { NamedPerson } from '../../core/understanding.js';

/** The people a reply names, and where, so their addresses and names are not read as times. */
export interface PeopleReading {
  people: NamedPerson[];
  /** Those named with a cue that adds them to the meeting ("cc'ing", "loop in", "en copie"). */
  included: NamedPerson[];
  spans: Span[];
}

interface Found extends Span {
  person: NamedPerson;
}

const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** Up to three capitalised words ("Jane", "Jane Roe", "Frau Schmidt", "Jean-Luc O'Neil"). Case-sensitive on purpose. */
const NAME = "\\p{Lu}[\\p{L}'-]*(?:[ \\t]+\\p{Lu}[\\p{L}'-]*){0,2}";
/** A name written right before an address: `Jane Roe <jane@…>`, `"Jane Roe" (jane@…)`, `Jane, jane@…`. */
const NAME_BEFORE_EMAIL_RE = new RegExp(`["']?(${NAME})["']?[ \\t]*(?:[<(\\[,:–-]|[ \\t]at)?[ \\t]*$`, 'u');
/** A contact written as a block: the name alone on its line, the address on the next. */
const NAME_LINE_BEFORE_EMAIL_RE = new RegExp(`(?:^|\\n)[ \\t]*(${NAME})[ \\t]*\\n[ \\t]*$`, 'u');
const NAME_AT_START_RE = new RegExp(`^[ \\t]*,?[ \\t]*(${NAME})`, 'u');
const RELATION_RE = new RegExp(wordsSource(intentPhrases('relations')), 'giu');
const REDIRECT_RE = new RegExp(wordsSource(intentPhrases('redirect')), 'giu');
const NOT_ME_RE = intentRegex('notMe');
const INCLUDE_RE = intentRegex('include');
const ARTICLE_BEFORE_RE =
  /(?<![\p{L}])(?:the|our|my|a|an|le|la|les|notre|mon|ma|der|die|das|dem|den|unse?re[mnrs]?|unser|meine[mnrs]?|mein|el|nuestr[oa]|mi|su)[ \t]+$/iu;
/** Ends of sentences; a dot inside an address ("jane.roe@…") is not one. */
const SENTENCE_END_RE = /[.!?](?=\s|$)|\n/gu;
/**
 * Capitalised words that start a sentence or name a role rather than a person; dropped from the
 * front of a name ("Please Jane" → "Jane", "Kollegin Anna Berg" → "Anna Berg").
 */
const NOT_NAME_WORDS = new Set(
  `please also and or but cc hi hello hey thanks i we my our adding looping copying including contact ask see
  bitte merci gracias por favor sie ihr mon ma kollegin kollege kollegen chef chefin colleague boss manager
  cto ceo cfo coo vp`.split(/\s+/),
);

/**
 * Every address written in the reply (exactly as written), with the name in front of it when
 * there is one; plus names without an address where the words make them a contact: after a role
 * ("my colleague Jane") or after a redirect cue in a reply that says the writer is not the one.
 */
export function findPeople(text: string): PeopleReading {
  const byEmail = findEmails(text);
  const named = [...findAfter(text, RELATION_RE), ...(NOT_ME_RE.test(text) ? findAfter(text, REDIRECT_RE) : [])];
  const nameOnly = named.filter((found) => !byEmail.some((email) => touches(found, email)));
  const merged = mergeLoneName(uniqueByName(nameOnly), byEmail);
  const people = [...merged.emails, ...merged.names].sort((a, b) => a.index - b.index);
  const included = people.filter((found) => INCLUDE_RE.test(sentenceAround(text, found)));
  return {
    people: people.map((found) => found.person),
    included: included.map((found) => found.person),
    spans: [...byEmail, ...nameOnly],
  };
}

function sentenceAround(text: string, span: Span): string {
  let start = 0;
  let stop = text.length;
  for (const m of text.matchAll(SENTENCE_END_RE)) {
    const at = m.index ?? 0;
    if (at < span.index) start = at + 1;
    else if (at >= end(span)) {
      stop = at;
      break;
    }
  }
  return text.slice(start, stop);
}

function findEmails(text: string): Found[] {
  const seen = new Set<string>();
  const found: Found[] = [];
  for (const m of text.matchAll(EMAIL_RE)) {
    const index = m.index ?? 0;
    if (seen.has(m[0].toLowerCase())) continue;
    seen.add(m[0].toLowerCase());
    const before = NAME_BEFORE_EMAIL_RE.exec(text.slice(0, index)) ?? NAME_LINE_BEFORE_EMAIL_RE.exec(text.slice(0, index));
    const name = before?.[1] && !isRoleNoun(text, before) ? cleanName(before[1]) : null;
    const start = name && before ? before.index : index;
    found.push({ index: start, length: index + m[0].length - start, person: { name, email: m[0] } });
  }
  return found;
}

/** Names right after each match of `cue`. */
function findAfter(text: string, cue: RegExp): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(cue)) {
    const after = end({ index: m.index ?? 0, length: m[0].length });
    const name = NAME_AT_START_RE.exec(text.slice(after));
    const cleaned = name?.[1] ? cleanName(name[1]) : null;
    if (name && cleaned) found.push({ index: after, length: name[0].length, person: { name: cleaned, email: null } });
  }
  return found;
}

/** "mit unserem Einkaufsleiter: markus@…": one capitalised word after an article is a role (German nouns are capitalised). */
function isRoleNoun(text: string, name: RegExpExecArray): boolean {
  const oneWord = !/[ \t]/.test((name[1] ?? '').trim());
  return oneWord && ARTICLE_BEFORE_RE.test(text.slice(0, name.index));
}

function cleanName(raw: string): string | null {
  const words = raw.trim().split(/[ \t]+/);
  while (words[0] !== undefined && NOT_NAME_WORDS.has(words[0].toLowerCase())) words.shift();
  return words.length > 0 ? words.join(' ') : null;
}

/** "Talk to my colleague Jane, jane@…" : a name just before an address is that address's. */
function touches(name: Span, email: Span): boolean {
  return name.index <= end(email) && email.index <= end(name) + 3;
}

function uniqueByName(found: Found[]): Found[] {
  return found.filter((item, i) => found.findIndex((other) => other.person.name === item.person.name) === i);
}

/** One name and one unnamed address in the same reply are the same person ("Jane — her address is jane@…"). */
function mergeLoneName(names: Found[], emails: Found[]): { names: Found[]; emails: Found[] } {
  const unnamed = emails.filter((email) => email.person.name === null);
  const [name] = names;
  const [email] = unnamed;
  if (names.length !== 1 || unnamed.length !== 1 || !name || !email) return { names, emails };
  const person = { name: name.person.name, email: email.person.email };
  return { names: [], emails: emails.map((other) => (other === email ? { ...other, person } : other)) };
}

import { intentRegex } from './intent-lexicon.js';
import { allPhrases, wordsRegex, wordsSource } from './lexicon.js';

/** Where something was said in the (cleaned) reply. */
export interface Span {
  index: number;
  length: number;
}

const GREETING_RE = new RegExp(`^\\s*${wordsSource(allPhrases('greetings'))}`, 'iu');
const SIGN_OFF_RE = new RegExp(`^\\s*${wordsSource(allPhrases('signOffs'))}[\\s,.!]*`, 'iu');
/** Always a signature, whatever follows. */
const SIGNATURE_START_RE = /^\s*(?:--|__|sent from my(?![\p{L}]))/iu;
/** Up to three capitalised words: a name after "Hi" or "Thanks,". Case-sensitive on purpose. */
const NAME_RE = /^(?:[ \t]*\p{Lu}[\p{L}'.-]*){0,3}[ \t]*[,.!:]?[ \t]*$/u;
const NAME_PREFIX_RE = /^(?:[ \t]+\p{Lu}[\p{L}'.-]*){0,3}[ \t]*[,.!:]?/u;
/**
 * A line of a signature block: short, not a sentence (no closing punctuation). The block opens
 * with the writer's name, alone or before "| title | company".
 */
const SIGNATURE_LINE_RE = /^[ \t]*\S(?:.{0,68}[^.!?:;,\s])?[ \t]*$/u;
const SIGNATURE_NAME_RE = /^[ \t]*\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{Lu}[\p{L}'.-]*){0,3}[ \t]*(?:[|,–—-].*)?$/u;
const CONTACT_RE = /[^\s@]+@[^\s@]+\.\p{L}|\+?\d[\d ()./-]{6,}\d/u;
/** Header lines of a quoted or forwarded mail ("Cc: Anna <anna@…>", "De : …"): nobody the writer names. */
const REDIRECT_RE = intentRegex('redirect');
const HEADER_LINE_RE = /^[ \t]*(?:cc|bcc|to|from|an|von|kopie|de|à|a|para|copie)[ \t]*:.*@.*$/gimu;
/** Part-of-day greetings anywhere ("have a good evening") would otherwise read as times. */
const DAYPART_GREETING_RE = /(?<![\p{L}])(?:good|nice|great) (?:morning|afternoon|evening|day|weekend)(?![\p{L}])/giu;

/**
 * The reply with greeting, signature and sign-off removed. Parts inside the kept text are blanked
 * rather than cut so the words around them are not glued together.
 */
export function cleanReply(text: string): string {
  const unified = text.replace(/[’‘`´]/g, "'");
  const withoutHeaders = blank(unified, HEADER_LINE_RE);
  return blank(blankGreeting(dropSignature(dropSignOff(withoutHeaders))), DAYPART_GREETING_RE);
}

/**
 * A signature without a sign-off: the last lines, from a name line on, short and holding an
 * address or phone number. A block right after a line ending in ":", or in a reply that points to
 * someone else ("please talk to my colleague instead.\n\nJane Roe\njane@…"), is a contact being
 * given, so it stays.
 */
function dropSignature(text: string): string {
  const lines = text.replace(/\s+$/u, '').split('\n');
  let start = lines.length;
  while (start > 0 && SIGNATURE_LINE_RE.test(lines[start - 1] ?? '')) start -= 1;
  while (start < lines.length && !SIGNATURE_NAME_RE.test(lines[start] ?? '')) start += 1;
  const block = lines.slice(start);
  const before = lines.slice(0, start).join('\n').trimEnd();
  const givesContact = before.endsWith(':') || REDIRECT_RE.test(before);
  if (!block.some((line) => CONTACT_RE.test(line)) || before === '' || givesContact) {
    return text;
  }
  return before;
}

function dropSignOff(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex(isSignOffLine);
  return end === -1 ? text : lines.slice(0, end).join('\n');
}

function isSignOffLine(line: string): boolean {
  if (SIGNATURE_START_RE.test(line)) return true;
  const signOff = SIGN_OFF_RE.exec(line);
  return signOff !== null && NAME_RE.test(line.slice(signOff[0].length));
}

function blankGreeting(text: string): string {
  const greeting = GREETING_RE.exec(text);
  if (!greeting) return text;
  const name = NAME_PREFIX_RE.exec(text.slice(greeting[0].length));
  const length = greeting[0].length + (name?.[0].length ?? 0);
  return ' '.repeat(length) + text.slice(length);
}

/** Replaces every match with spaces of the same length. */
function blank(text: string, re: RegExp): string {
  return text.replace(re, (match) => ' '.repeat(match.length));
}

/** Replaces the given spans with a filler character, keeping indices. */
export function blankSpans(text: string, spans: readonly Span[], fill = ' '): string {
  let out = text;
  for (const { index, length } of spans) out = out.slice(0, index) + fill.repeat(length) + out.slice(index + length);
  return out;
}

const NEGATION_RE = wordsRegex(allPhrases('negations'));
const EXCEPTION_RE = wordsRegex(allPhrases('exceptions'));
const FALSE_NEGATION_RE = new RegExp(wordsSource(allPhrases('falseNegations')), 'giu');
/** Sentence ends, commas and contrast words; "anything but" is a negation, not a break. */
const BREAK_RE = new RegExp(
  `[.!?;:\\n,()]|(?<!(?:anything|all) )${wordsSource(allPhrases('clauseBreaks'))}`,
  'iu',
);
/** BREAK_RE for every break in a segment (matchAll copies it, so sharing one is safe). */
const BREAKS_RE = new RegExp(BREAK_RE.source, 'giu');
/**
 * The text between two mentions that share one verb: "2 or 3", "neither 1 nor 2". A comma alone
 * does not join ("not Tuesday, Wednesday works").
 */
const CONJUNCTION_GAP_RE = new RegExp(`^[\\s,]*${wordsSource(allPhrases('conjunctions'))}[\\s,]*$`, 'iu');

/**
 * Which mentions are rejected ("2 doesn't work", "not Tuesday"). Mentions joined only by
 * "and"/"or"/"nor" share one verb, so they are judged as a group; a group owns the text from the
 * last clause break before it to the first one after it.
 */
export function negatedMentions<T extends Span>(text: string, mentions: readonly T[]): Set<T> {
  const sorted = [...mentions].sort((a, b) => a.index - b.index);
  const negated = new Set<T>();
  for (const group of conjunctionGroups(text, sorted)) {
    if (isNegated(text, group, sorted)) group.forEach((m) => negated.add(m));
  }
  return negated;
}

function conjunctionGroups<T extends Span>(text: string, sorted: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const mention of sorted) {
    const group = groups[groups.length - 1];
    const previous = group?.[group.length - 1];
    const joined = previous && CONJUNCTION_GAP_RE.test(text.slice(end(previous), mention.index));
    if (group && joined) group.push(mention);
    else groups.push([mention]);
  }
  return groups;
}

function isNegated<T extends Span>(text: string, group: readonly T[], sorted: readonly T[]): boolean {
  const first = group[0];
  const last = group[group.length - 1];
  if (!first || !last) return false;
  const previous = sorted[sorted.indexOf(first) - 1];
  const next = sorted[sorted.indexOf(last) + 1];
  const before = afterLastBreak(text.slice(previous ? end(previous) : 0, first.index));
  const after = beforeFirstBreak(text.slice(end(last), next ? next.index : text.length));
  return NEGATION_RE.test(`${before} … ${after}`.replace(FALSE_NEGATION_RE, ' ')) || EXCEPTION_RE.test(before);
}

function afterLastBreak(segment: string): string {
  let cut = 0;
  for (const m of segment.matchAll(BREAKS_RE)) cut = (m.index ?? 0) + m[0].length;
  return segment.slice(cut);
}

function beforeFirstBreak(segment: string): string {
  const m = BREAK_RE.exec(segment);
  return m ? segment.slice(0, m.index) : segment;
}

export function end(span: Span): number {
  return span.index + span.length;
}

export function spansOverlap(a: Span, b: Span): boolean {
  return a.index < end(b) && b.index < end(a);
}

import { allNumbers, allPhrases, escapeRegex, wordsSource } from './lexicon.js';
import { blankSpans, end, spansOverlap, type Span } from './text.js';
import { correctedOrdinal } from './typos.js';

/** An offered time referred to by its place in the list: "2", "the second one", "the last one". */
export interface PositionMention extends Span {
  position: number;
  /** Read from a mistyped ordinal ("secnod", "scond"). */
  corrected: boolean;
}

/** Fills spans the caller already read as times: content, but not positions. */
export const TIME_FILL = '§';

type Kind = 'ordinal' | 'digit' | 'word' | 'labelOnly';

interface Candidate extends Span {
  kind: Kind;
  /** Null for "last", which depends on how many were offered. */
  value: number | null;
  corrected: boolean;
}

const ORDINALS = allNumbers('ordinals');
const NUMBER_WORDS = allNumbers('numberWords');
const LABEL_ONLY_WORDS = allNumbers('labelOnlyNumberWords');
const LAST_WORDS = allPhrases('last');

const keys = (map: Map<string, number>) => [...map.keys()].map(escapeRegex);

const ORDINAL_WORDS = [...keys(ORDINALS), ...LAST_WORDS].join('|');
const SLOT_NOUN = wordsSource(allPhrases('slotNouns'));
const ORDINAL_RE = new RegExp(`(?<![\\p{L}\\p{N}])(${ORDINAL_WORDS})(?:\\s+${SLOT_NOUN})?(?![\\p{L}\\p{N}])`, 'giu');
const LONG_WORD_RE = new RegExp(`(?<![\\p{L}\\p{N}])(\\p{L}{5,})(?:\\s+${SLOT_NOUN})?(?![\\p{L}\\p{N}])`, 'giu');
/** A lone digit, not part of a number, date, amount or offset ("10", "2/3", "$2", "+2"). */
const DIGIT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}:$€£/+\\-−${TIME_FILL}])(?<!\\d[.,])([1-9])(?![\\p{L}\\p{N}:%/${TIME_FILL}]|[.,]\\d)`,
  'gu',
);
const NUMBER_WORD_RE = new RegExp(wordsSource(keys(NUMBER_WORDS)), 'giu');
const LABEL_ONLY_RE = new RegExp(wordsSource(keys(LABEL_ONLY_WORDS)), 'giu');

const LABEL_BEFORE_RE = new RegExp(`${wordsSource(allPhrases('labels'))}\\s*$`, 'iu');
const ARTICLE = `(?:${wordsSource(allPhrases('articles'))}\\s*)?`;
const CUE_BEFORE_RE = new RegExp(`${wordsSource(allPhrases('cuesBefore'))}\\s+${ARTICLE}$`, 'iu');
const CUE_AFTER_RE = new RegExp(`^[\\s,!)]*${wordsSource(allPhrases('cuesAfter'))}`, 'iu');
/** "wait a second", "one second": the unit, not the ordinal. */
const UNIT_BEFORE_RE = /(?<![\p{L}])(?:a|one|per|every)\s+$/iu;
/** A word right before, other than an article, a cue or politeness ("the second", "ok second"). */
const ADVERB_BEFORE_RE = new RegExp(
  `(?<!${wordsSource([...allPhrases('articles'), ...allPhrases('cuesBefore'), ...allPhrases('fillers')])})` +
    `(?<=\\p{L})[ \\t]+$`,
  'iu',
);
const SENTENCE_END_RE = /^[ \t]*(?:[.!?\n]|$)/u;
/** Positions listed together ("1, 2 or 3") share the cue of any one of them. */
const LIST_GAP_RE = new RegExp(`^[\\s,]*(?:${wordsSource(allPhrases('conjunctions'))})?[\\s,]*$`, 'iu');
const NOT_CONTENT_RE = new RegExp(`[^\\p{L}\\p{N}${TIME_FILL}]`, 'gu');
const FILLER_RE = new RegExp(wordsSource([...allPhrases('fillers'), ...allPhrases('conjunctions')]), 'giu');

/**
 * Positions the prospect named. A bare number is common in prose ("2 questions"), so it counts
 * only with a label ("option 2"), a cue around it ("let's do 2", "2 works"), next to another
 * accepted position ("2 or 3 works"), or when the reply says nothing else ("2.").
 * `text` has already-read times filled with TIME_FILL so their digits are not positions.
 */
export function findPositionMentions(text: string, offeredCount: number): PositionMention[] {
  const candidates = findCandidates(text);
  const accepted = new Set(candidates.filter((candidate) => hasCue(text, candidate)));
  spreadAcrossConjunctions(text, candidates, accepted);
  if (isWholeReply(text, candidates)) candidates.forEach((candidate) => accepted.add(candidate));
  return candidates
    .filter((candidate) => accepted.has(candidate))
    .map(({ index, length, value, corrected }) => ({ index, length, position: value ?? offeredCount, corrected }))
    .filter((mention) => mention.position >= 1 && mention.position <= offeredCount);
}

function findCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  /** `valueOf` gives undefined for a word that names no position. */
  const add = (re: RegExp, kind: Kind, valueOf: (word: string) => number | null | undefined, corrected = false) => {
    for (const m of text.matchAll(re)) {
      const value = valueOf((m[1] ?? m[0]).toLowerCase());
      if (value === undefined) continue;
      const candidate = { index: m.index ?? 0, length: m[0].length, kind, value, corrected };
      if (!found.some((other) => spansOverlap(other, candidate))) found.push(candidate);
    }
  };
  add(ORDINAL_RE, 'ordinal', (word) => ORDINALS.get(word) ?? null);
  add(LONG_WORD_RE, 'ordinal', (word) => ORDINALS.get(correctedOrdinal(word) ?? ''), true);
  add(DIGIT_RE, 'digit', Number);
  add(NUMBER_WORD_RE, 'word', (word) => NUMBER_WORDS.get(word) ?? null);
  add(LABEL_ONLY_RE, 'labelOnly', (word) => LABEL_ONLY_WORDS.get(word) ?? null);
  return found.sort((a, b) => a.index - b.index);
}

function hasCue(text: string, candidate: Candidate): boolean {
  const before = text.slice(0, candidate.index);
  const after = text.slice(end(candidate));
  if (LABEL_BEFORE_RE.test(before)) return true;
  if (candidate.kind === 'labelOnly') return false;
  const hasNoun = /\s/.test(text.slice(candidate.index, end(candidate)).trim());
  // "send me some info first, then …": after another word and without a noun, an ordinal is an adverb.
  if (candidate.kind === 'ordinal' && !hasNoun && ADVERB_BEFORE_RE.test(before)) return false;
  if (CUE_BEFORE_RE.test(before) || CUE_AFTER_RE.test(after)) return true;
  if (UNIT_BEFORE_RE.test(before)) return false;
  // An ordinal ends its sentence or carries a noun ("the second one"); "first week of" does neither.
  return candidate.kind === 'ordinal' && (hasNoun || SENTENCE_END_RE.test(after));
}

function spreadAcrossConjunctions(text: string, candidates: readonly Candidate[], accepted: Set<Candidate>): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const [a, b] of candidates.slice(1).map((c, i) => [candidates[i], c] as const)) {
      if (!a || !LIST_GAP_RE.test(text.slice(end(a), b.index))) continue;
      for (const [from, to] of [[a, b], [b, a]] as const) {
        if (!accepted.has(from) || accepted.has(to) || to.kind === 'labelOnly') continue;
        accepted.add(to);
        changed = true;
      }
    }
  }
}

/** Nothing but positions, fillers and punctuation: "2.", "Second, thanks!", "2 or 3". */
function isWholeReply(text: string, candidates: readonly Candidate[]): boolean {
  if (candidates.length === 0) return false;
  return blankSpans(text, candidates).replace(FILLER_RE, ' ').replace(NOT_CONTENT_RE, '') === '';
}

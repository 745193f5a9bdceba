import { allPhrases, wordsRegex, wordsSource } from './lexicon.js';
import { intentPhrases, intentRegex } from './intent-lexicon.js';
import { spansOverlap, type Span } from './text.js';

const SENTENCE_RE = /[^.!?\n]+(?:[.!?]+|$)/gmu;
/** "Also,", "PS:", "and" before a question do not stop it being one. */
const LEAD_IN = '(?:(?:also|and|but|btw|ps|one more thing|aussi|et|auch|und|también|y)[\\s,:]+)*';
const OPENER_RE = new RegExp(`^[\\s¿¡]*${LEAD_IN}${wordsSource(intentPhrases('questionOpeners'))}`, 'iu');
const META_RE = intentRegex('metaQuestions');
const INFO_REQUEST_RE = intentRegex('infoRequests');
/**
 * A sentence with these is about when or with whom to meet, which the scheduling intents already
 * cover: "what times do you have?", "does that work?", "can we move it?", "could you set it up with her?".
 */
const SCHEDULING_RE = wordsRegex([
  ...allPhrases('requestTimes'),
  ...allPhrases('anyOffer'),
  ...intentPhrases('reschedule'),
  ...intentPhrases('excuses'),
  ...intentPhrases('redirect'),
  ...intentPhrases('cancel'),
  ...intentPhrases('botCheck'),
  ...intentPhrases('human'),
  ...intentPhrases('unsubscribe'),
  ...intentPhrases('cannotAttend'),
  '(?:does|would|will|could) (?:that|this|it|one of these) (?:work|suit)', 'works? for you', 'suits? you',
  'available', 'availability', "(?:are you|is \\p{L}+|be|you'?re|i'?m|we'?re) free", 'free (?:on|at|in|this|next|slots?|times?)',
  'slots?', 'times?', 'when', 'calendar',
  'dispo\\p{L}*', 'créneaux?', 'quand', 'wann', 'zeit', 'verfügbar', 'cuándo', 'disponib\\p{L}*', 'horarios?',
]);

/**
 * The questions the prospect asks about the product or the meeting, in their words: sentences
 * ending in "?" (or opening like a question, as people drop the mark, or asking to be sent
 * information) that name no time, pick
 * no offer and are not about scheduling, nor about who is writing. Null when there are none.
 * `scheduling` are the spans already read as times or positions.
 */
export function findQuestion(text: string, scheduling: readonly Span[]): string | null {
  const questions: string[] = [];
  for (const m of text.matchAll(SENTENCE_RE)) {
    const sentence = { index: m.index ?? 0, length: m[0].length };
    const words = m[0].trim();
    if (!isQuestion(words) || SCHEDULING_RE.test(words) || META_RE.test(words)) continue;
    if (scheduling.some((span) => spansOverlap(span, sentence))) continue;
    questions.push(words);
  }
  return questions.length > 0 ? questions.join(' ') : null;
}

function isQuestion(sentence: string): boolean {
  return sentence.endsWith('?') || OPENER_RE.test(sentence) || INFO_REQUEST_RE.test(sentence);
}

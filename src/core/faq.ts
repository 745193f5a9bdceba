import type { FaqEntry } from '../config/types.js';

/** Words that say nothing about what is asked. */
const STOP_WORDS = new Set(
  `a an the is are was were be do does did can could will would should i you we it its it's this that
   of to in on for with at by from about and or but if my your our their what which who how when where why
   there any some me us them they he she his her have has had not no yes just also than then so too very`
    .split(/\s+/)
    .filter(Boolean),
);

/** Share of the FAQ question's words that must appear in the prospect's question. */
const MATCH_THRESHOLD = 0.6;

/**
 * The campaign FAQ's answer to a question, or null. The agent may only state product facts from
 * the FAQ, so a weak match is no match: the rep covers it in the meeting instead.
 */
export function answerFromFaq(question: string | null, faq: readonly FaqEntry[]): string | null {
  if (!question || faq.length === 0) return null;
  const asked = new Set(words(question));
  let best: { score: number; answer: string } | null = null;
  for (const entry of faq) {
    const key = words(entry.question);
    if (key.length === 0) continue;
    const score = key.filter((word) => asked.has(word)).length / key.length;
    if (score >= MATCH_THRESHOLD && (!best || score > best.score)) best = { score, answer: entry.answer };
  }
  return best?.answer ?? null;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .map((word) => word.replace(/(ing|es|s)$/, ''))
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

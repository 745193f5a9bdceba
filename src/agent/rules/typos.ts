import { allNumbers } from './lexicon.js';

/**
 * Weekday names as people mistype them ("thrusday", "Tuesdy", "wendesday") are one edit or one
 * swap away from the real name; the date parsers only know the real one. Names shorter than six
 * letters ("mardi", "lunes") are left alone: one edit from them is too often another word.
 */
const WEEKDAYS = `monday tuesday wednesday thursday friday saturday sunday mercredi vendredi samedi dimanche
  montag dienstag mittwoch donnerstag freitag samstag sonntag martes miércoles miercoles jueves viernes sábado
  sabado domingo`.split(/\s+/);

const KNOWN = new Set(WEEKDAYS);

/**
 * The text with every word one edit away from a weekday name replaced by that name. Addresses are
 * left as written ("mondays@example.com" is someone's address, not a day).
 */
export function fixWeekdayTypos(text: string): string {
  return text.replace(/\S+/gu, (token) => (token.includes('@') ? token : token.replace(/\p{L}{5,}/gu, fixWord)));
}

function fixWord(word: string): string {
  const lower = word.toLowerCase();
  if (KNOWN.has(lower)) return word;
  return WEEKDAYS.find((day) => editDistanceAtMostOne(lower, day)) ?? word;
}

/** Optimal string alignment distance ≤ 1: one insertion, deletion, substitution or swap of neighbours. */
function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  const swapped = a[i] === b[i + 1] && a[i + 1] === b[i];
  return (
    a.slice(i + 1) === b.slice(i + 1) ||
    a.slice(i + 1) === b.slice(i) ||
    a.slice(i) === b.slice(i + 1) ||
    (swapped && a.slice(i + 2) === b.slice(i + 2))
  );
}

/**
 * Ordinals as people mistype them ("secnod", "scond", "thrid", "priemra"): one edit or swap away
 * from an ordinal of six letters or more, or a swap of a five-letter one ("frist"). Words that are
 * something else one edit away ("seconds", German "zu zweit") are not ordinals.
 */
const ORDINAL_WORDS = [...allNumbers('ordinals').keys()].filter((word) => /^\p{L}{5,}$/u.test(word));
const NOT_ORDINALS = new Set(['seconds', 'segundos', 'zweit', 'thirds', 'fifths']);

export function correctedOrdinal(word: string): string | null {
  const lower = word.toLowerCase();
  if (NOT_ORDINALS.has(lower) || ORDINAL_WORDS.includes(lower)) return null;
  const slip = (ordinal: string) => (ordinal.length >= 6 ? editDistanceAtMostOne(lower, ordinal) : isSwap(lower, ordinal));
  return ORDINAL_WORDS.find(slip) ?? null;
}

/**
 * The other words of a pick, mistyped: "wroks", "tkae", "convinet", "psast". Only two neighbours
 * swapped are corrected, which keeps the text's length (so what is found in it stays where it was
 * written) and rarely makes another word ("work" / "fork" is one letter off, not a swap).
 */
const PICK_WORDS = `take pick works work prefer choose option options slot please perfect convient créneau passt
  termin nehme prends opción opcion prefiero sirve bitte`.split(/\s+/);
const KNOWN_PICK_WORDS = new Set(PICK_WORDS);

/** The text with mistyped pick words corrected, and how many were. */
export function fixPickTypos(text: string): { text: string; fixes: number } {
  let fixes = 0;
  const fixed = text.replace(/\p{L}{4,}/gu, (word) => {
    const lower = word.toLowerCase();
    const match = KNOWN_PICK_WORDS.has(lower) ? undefined : PICK_WORDS.find((pickWord) => isSwap(lower, pickWord));
    if (match === undefined) return word;
    fixes += 1;
    return match;
  });
  return { text: fixed, fixes };
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const i = [...a].findIndex((char, k) => char !== b[k]);
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

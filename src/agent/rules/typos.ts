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
 * Words a pick is made of, as people mistype them: "the secnod one wroks", "premier créneau me
 * convinet". Only same-length slips (two neighbours swapped; for ordinals of six letters or more
 * also one wrong letter) are corrected, so positions found in the corrected text stay where they
 * were written; anything looser is too often another word ("work" / "fork").
 */
const ORDINAL_WORDS = [...allNumbers('ordinals').keys()].filter((word) => /^\p{L}{5,}$/u.test(word));
const PICK_WORDS = `take pick works work prefer choose option options slot please perfect convient créneau passt
  termin nehme prends opción opcion prefiero sirve bitte`.split(/\s+/);
const KNOWN_PICK_WORDS = new Set([...ORDINAL_WORDS, ...PICK_WORDS]);

/** The text with mistyped pick words corrected (same length), and how many were. */
export function fixPickTypos(text: string): { text: string; fixes: number } {
  let fixes = 0;
  const fixed = text.replace(/\p{L}{4,}/gu, (word) => {
    const lower = word.toLowerCase();
    if (KNOWN_PICK_WORDS.has(lower)) return word;
    const match =
      ORDINAL_WORDS.find((ordinal) => isSwap(lower, ordinal) || (ordinal.length >= 6 && isOneLetterOff(lower, ordinal))) ??
      PICK_WORDS.find((pickWord) => isSwap(lower, pickWord));
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

function isOneLetterOff(a: string, b: string): boolean {
  return a.length === b.length && [...a].filter((char, i) => char !== b[i]).length === 1;
}

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

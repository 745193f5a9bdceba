/**
 * Whether a model's rewording of a draft kept the code's facts and added none. A heuristic that
 * errs toward the draft: a false alarm only costs the nicer wording, a miss could promise a
 * time nobody offered, so anything that looks like a time, day, zone, link or address must
 * already be in the draft.
 */

/** Weekdays, months and relative days in the languages the agent writes (en, fr, de, es). */
const CALENDAR_WORDS = [
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag',
  'lunes', 'martes', 'miércoles', 'miercoles', 'jueves', 'viernes', 'sábado', 'sabado', 'domingo',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'janvier', 'février', 'mars', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'januar', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
  'today', 'tomorrow', "aujourd'hui", 'demain', 'heute', 'morgen', 'hoy', 'mañana',
];
const CALENDAR_RE = new RegExp(
  // English "May" counts only beside a number: as a verb it is everywhere.
  `(?<![\\p{L}])(?:${CALENDAR_WORDS.join('|')}|may(?=\\s+\\d)|(?<=\\d(?:st|nd|rd|th)?\\s+)may)(?![\\p{L}])`,
  'giu',
);
const NUMBER_RE = /\d+/g;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
/** An email address as written in mail text (global: use with String.prototype.match). */
export const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Zone names: EST, CEST, UTC, GMT and IANA names such as Europe/London. */
const ZONE_RE = /\b(?:[A-Z]{2,4}T|UTC|GMT)\b|\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+\b/g;
/** A rewording may be warmer, not an essay: room for a greeting and a sentence or two. */
const MAX_GROWTH = 2;
const MAX_EXTRA_CHARS = 200;

/** null when the text may be sent; else why the draft should be sent instead. */
export function phrasingProblem(text: string, draft: string, facts: readonly string[]): string | null {
  if (text.trim() === '') return 'empty text';
  if (text.length > draft.length * MAX_GROWTH + MAX_EXTRA_CHARS) return 'much longer than the draft';
  const missing = facts.find((fact) => !text.includes(fact));
  if (missing !== undefined) return `a fact is missing: ${JSON.stringify(missing)}`;
  const lower = draft.toLowerCase();
  const draftNumbers = new Set(draft.match(NUMBER_RE) ?? []);
  const draftWords = new Set((draft.match(CALENDAR_RE) ?? []).map((word) => word.toLowerCase()));
  const checks: Array<[string, string[], (token: string) => boolean]> = [
    ['a number', text.match(NUMBER_RE) ?? [], (token) => draftNumbers.has(token)],
    ['a day or month', text.match(CALENDAR_RE) ?? [], (token) => draftWords.has(token.toLowerCase())],
    ['a time zone', text.match(ZONE_RE) ?? [], (token) => draft.includes(token)],
    ['a link', (text.match(URL_RE) ?? []).map(trimPunctuation), (token) => lower.includes(token.toLowerCase())],
    ['an email address', text.match(EMAIL_RE) ?? [], (token) => lower.includes(token.toLowerCase())],
  ];
  for (const [kind, tokens, known] of checks) {
    const invented = tokens.find((token) => !known(token));
    if (invented !== undefined) return `${kind} not in the draft: ${JSON.stringify(invented)}`;
  }
  return null;
}

/** A link at the end of a sentence keeps its full stop out of the comparison. */
function trimPunctuation(url: string): string {
  return url.replace(/[.,;:!?)\]]+$/, '');
}

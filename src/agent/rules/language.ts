import type { Language } from './lexicon.js';

/**
 * Everyday words of each language (function words, weekdays, courtesies). A reply is scored by
 * how many of its words each list holds; words shared by two languages ("la", "no", "me") count
 * for both and so only matter next to others.
 */
const STOPWORDS: Record<Language, string> = {
  en: `the and to of is it for you i me my we our us this that on at in with can could would will be are do does
    have has works work working please thanks thank what how not yes next week morning afternoon meeting call
    monday tuesday wednesday thursday friday let sounds good great fine if but or any some there interested
    who when which your should about from talk speak person move need cancel instead`,
  fr: `le la les un une des du de et est je j vous nous mon ma mes pour pas ne que qui avec sur dans ce ça cette à au
    aux merci bonjour oui non lundi mardi mercredi jeudi vendredi samedi dimanche semaine prochaine matin heure
    heures réunion rendez après midi il elle c l d qu n me convient peut pouvons plutôt combien êtes avez parler svp créneau créneaux autre autres votre vos veuillez`,
  de: `der die das den dem des und ist ich sie wir mir mich uns nicht ein eine einen mit für auf zu um uhr bitte
    danke ja nein gerne passt geht im vom zum auch aber oder wie was montag dienstag mittwoch donnerstag freitag
    samstag sonntag woche nächste nächsten termin gespräch können kann ihnen haben habe sind bin leider wäre
    würde kostet gibt andere anderen kein keine gut nehme`,
  es: `el la los las un una y de del que en por para con no sí me mi nos su lo le se gracias hola favor lunes martes
    miércoles jueves viernes sábado domingo semana próxima próximo mañana tarde hora reunión cita puede podemos
    quiero estoy está bien muy pero cómo cuánto qué llamada podríamos opción otro otros otra otras tiene tienen horario horarios`,
};

const WORDS: Record<Language, Set<string>> = Object.fromEntries(
  Object.entries(STOPWORDS).map(([language, words]) => [language, new Set(words.split(/\s+/).filter(Boolean))]),
) as Record<Language, Set<string>>;

/** Letters only one of the four languages uses; each counts as one more word for it. */
const LETTER_HINTS: [Language, RegExp][] = [
  ['es', /[ñ¿¡]/gu],
  ['de', /[ßäöü]/gu],
  ['fr', /[çèêœ]/gu],
];

/** Below this many known words a reply ("2", "Ok!") says nothing about its language. */
const MIN_SCORE = 2;

/** ISO 639-1 code of the reply's language, or null when it is too short or too mixed to tell. */
export function detectLanguage(text: string): Language | null {
  const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const scores = (Object.keys(WORDS) as Language[]).map((language) => {
    const words = tokens.filter((token) => WORDS[language].has(token)).length;
    const letters = LETTER_HINTS.filter(([hinted]) => hinted === language).reduce(
      (sum, [, re]) => sum + (text.toLowerCase().match(re)?.length ?? 0),
      0,
    );
    return { language, score: words + letters };
  });
  const [best, second] = scores.sort((a, b) => b.score - a.score);
  if (!best || best.score < MIN_SCORE || best.score === second?.score) return null;
  return best.language;
}

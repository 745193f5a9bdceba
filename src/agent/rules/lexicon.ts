/**
 * Keyword tables for the rules engine, one entry per language so a language is added as data,
 * not code. Entries are regular-expression sources matched case-insensitively as whole words;
 * the engine matches the union of all languages, because a short reply rarely says which
 * language it is in and the words hardly collide.
 */
export type Language = 'en' | 'fr' | 'de' | 'es';

export interface Lexicon {
  /**
   * Words that show a reply is in this language (weekdays, prepositions used with times). Only
   * then is its date parser tried: German "Do" (Thursday) is also English "do".
   */
  markers: string[];
  /** Order words naming an offered position: "second" → 2. */
  ordinals: Record<string, number>;
  /** Spelled-out numbers naming a position, safe to read as one even without a label. */
  numberWords: Record<string, number>;
  /** Number words too common in prose to count without a label ("option one", not "any one works"). */
  labelOnlyNumberWords: Record<string, number>;
  /** Words naming the final offered position. */
  last: string[];
  /** Nouns that may follow an ordinal: "the second one", "the last option". */
  slotNouns: string[];
  /** Articles allowed between a cue and a position: "go with the second". */
  articles: string[];
  /** Labels that make the number right after them a position: "option 2", "#2". */
  labels: string[];
  /** Phrases right before a number or ordinal that make it a position: "let's do 3", "not 2". */
  cuesBefore: string[];
  /** Phrases right after a number or ordinal that make it a position: "2 works", "2 doesn't". */
  cuesAfter: string[];
  /** Words that turn the mention near them into a rejection. */
  negations: string[];
  /** Words that reject only the mention after them: "next week works except Wednesday". */
  exceptions: string[];
  /** Phrases that contain a negation word but are not one: "no problem". */
  falseNegations: string[];
  /** Words that end a clause for negation purposes ("2 doesn't work but 3 does"). */
  clauseBreaks: string[];
  /** Words joining mentions that share one verb ("neither 1 nor 2 works"). */
  conjunctions: string[];
  decline: string[];
  requestTimes: string[];
  /** Any offered time is fine ("either works"): every offer is a candidate. */
  anyOffer: string[];
  /** Politeness that carries no meaning; a reply made only of these and a number picks that number. */
  fillers: string[];
  /** Openers removed before reading; part-of-day greetings would otherwise parse as times. */
  greetings: string[];
  /** Closers: the line holding one (plus an optional name) and everything after it is dropped. */
  signOffs: string[];
}

const en: Lexicon = {
  markers: [],
  ordinals: { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 },
  numberWords: { two: 2, three: 3, four: 4, five: 5 },
  labelOnlyNumberWords: { one: 1 },
  last: ['last', 'final', 'latter'],
  slotNouns: ['one', 'options?', 'slots?', 'times?', 'choices?', 'proposals?', 'suggestions?', 'dates?', 'openings?'],
  articles: ['the'],
  labels: ['options?', 'opt\\.?', '#', 'number', 'no\\.', 'nr\\.?', 'num\\.?', 'slots?', 'choices?', 'proposals?'],
  cuesBefore: [
    "let'?s (?:do|go with|go for|take|book|say|pick|use)",
    'go(?:ing)? (?:with|for)',
    "i'?(?:ll|d) (?:take|go with|go for|pick|choose|prefer|book|say)",
    'take', 'pick', 'choose', 'book', 'prefer', 'do', 'confirm(?:ing)?', 'opt for',
    'how about', 'what about', "can(?:'t|not)? (?:do|make)", 'not', 'neither', 'nor', 'either', 'rather', 'only',
  ],
  cuesAfter: [
    'works?', 'is', 'are', 'both', 'all', "'s", 'was', 'would', 'will', 'does', "doesn't", "don't", 'do not', 'does not', "isn't", "won't",
    'sounds', 'suits?', 'fits?', 'looks', 'seems', 'please', 'pls', 'for me', 'it is', 'then', 'ok', 'okay', 'good',
    'fine', 'great', 'perfect', 'best', 'preferred', 'if possible',
  ],
  negations: [
    'not', 'no(?!\\.?\\s*\\d)', 'never', "\\p{L}+n't", 'cannot', 'unable', 'impossible', 'busy', 'booked', 'conflicts?',
    'out of (?:the )?office', "(?:i'?m|i am|we'?re|we are|(?:i'?ll|we'?ll|i will|we will) be) (?:off|out|away)",
    'day off', 'off the table', 'on (?:vacation|holiday|leave|pto)', 'travel(?:l)?ing', 'unavailable', 'bad', 'tough',
    'difficult', 'neither', 'nor', 'none', "(?:is|are|'s) out",
  ],
  exceptions: ['except(?: for)?', 'anything but', 'other than', 'instead of', 'apart from'],
  falseNegations: [
    'no problem', 'no problems', 'no worries', 'no rush', 'not a problem', 'no issues?', "can(?:'t|not) wait",
    'not only', 'no doubt',
  ],
  clauseBreaks: ['but', 'however', 'though', 'although', 'whereas', 'instead'],
  conjunctions: ['and', 'or', 'nor', '&', '/'],
  decline: [
    'not interested', 'no longer interested', 'not (?:a )?(?:good |great |right )?fit', 'not for us', 'no,? thanks?',
    'no thank you', "(?:we'?re|we are|i'?m|i am) (?:all set|good for now)", 'not a priority', 'pass on this',
    "(?:we'?ll|i'?ll|we will|i will|going to|gonna) (?:have to |need to )?pass",
    'went (?:with|for) (?:another|a different|someone else|a competitor|an other)',
    '(?:chose|chosen|picked|selected|signed with|decided on|went with) (?:another|a different) (?:vendor|provider|solution|company|partner|tool)',
    'already (?:have|use|using) (?:a|another) (?:solution|tool|vendor|provider)',
    "(?:we'?re|we are|i'?m|i am) not looking (?:for|at|to)",
  ],
  requestTimes: [
    'none of (?:these|them|those|the (?:above|options|times|slots|dates))',
    'none (?:of them )?(?:work|works|suit|suits|fit|fits)',
    'neither (?:works?|of (?:these|them|those))',
    "(?:that|those|these|this|they|it) (?:doesn't|don't|won't|do not|does not|will not) work",
    '(?:any|some)(?:thing|time)? (?:else|other)', 'other (?:times?|options?|slots?|days?|dates?)',
    'another (?:time|day|date|slot|option)', 'different (?:times?|days?|dates?|slots?)', 'what else',
    'anything (?:else|later|earlier|next|this)', 'do you have (?:any|anything|something|other|more|time)',
    '(?:is|are) there (?:any|anything|other|more)', 'what (?:times?|days?|slots?|dates?) (?:do|are|would|could|can|is|works?)',
    'when (?:are|would|is|will) you (?:be )?(?:free|available)', 'more (?:options|times|slots)', 'alternatives?',
    '(?:do|make it|be|go|meet|something|sometime|anything|slot|time) (?:a bit |a little )?(?:later|earlier)',
    '(?:later|earlier)\\s*\\?',
  ],
  anyOffer: [
    '(?:any|either|each|all|every) (?:one |of (?:them|these|those|the times|the options) )?(?:works?|is fine|are fine|is good|suits?)',
    'any(?: ?time| of them| of these)? (?:is fine|works)', 'whichever', "(?:i'?m|we'?re) flexible", 'all work', 'both work',
  ],
  fillers: [
    'hi', 'hello', 'hey', 'ok', 'okay', 'sure', 'yes', 'yeah', 'yep', 'great', 'perfect', 'cool', 'thanks', 'thank you',
    'thx', 'please', 'pls', 'cheers', 'sounds good', 'good', 'fine', 'awesome', 'lovely', 'excellent', 'then', 'the',
  ],
  greetings: ['hi', 'hello', 'hey', 'dear', 'good (?:morning|afternoon|evening|day)'],
  signOffs: [
    'thanks', 'thank you', 'many thanks', 'thx', 'cheers', 'best', 'best regards', 'kind regards', 'regards',
    'warm regards', 'all the best', 'sincerely', 'br',
  ],
};

const fr: Lexicon = {
  markers: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'demain', 'semaine', 'à', 'le', 'la', 'je', 'ça', '\\d{1,2}h(?:\\d{2})?'],
  ordinals: {
    premier: 1, 'première': 1, premiere: 1, '1er': 1, '1re': 1, 'deuxième': 2, deuxieme: 2, seconde: 2, '2e': 2,
    'troisième': 3, troisieme: 3, '3e': 3,
  },
  numberWords: { deux: 2, trois: 3 },
  labelOnlyNumberWords: { un: 1 },
  last: ['dernier', 'dernière', 'derniere'],
  slotNouns: ['créneau', 'creneau', 'option', 'proposition'],
  articles: ['le', 'la', "l'"],
  labels: ['option', 'numéro', 'numero', 'créneau', 'creneau', 'n°'],
  cuesBefore: ['je prends', 'je choisis', 'plutôt', 'pas'],
  cuesAfter: ['me convient', 'convient', 'ça marche', 'ca marche', 'svp', "s'il vous pla[iî]t", 'ne', 'me va'],
  negations: ['pas', 'ne', 'jamais', 'aucun', 'aucune'],
  exceptions: ['sauf', 'à part', 'excepté', 'au lieu de'],
  falseNegations: ['pas de (?:problème|souci)', 'sans (?:problème|souci)'],
  clauseBreaks: ['mais', 'par contre'],
  conjunctions: ['et', 'ou', 'ni'],
  decline: [
    'pas intéressée?s?', 'pas interessee?s?', 'non merci', 'ça ne nous intéresse pas', 'ne nous intéresse pas',
    '(?:avons|ai) (?:choisi|retenu) (?:un autre|une autre)', "pas pour (?:le moment|l'instant)",
  ],
  anyOffer: ["n'importe (?:lequel|laquelle)", 'tous me conviennent'],
  requestTimes: [
    'autres? (?:créneaux|creneaux|créneau|creneau|horaires?|dates?|moments?)',
    'aucune? (?:de (?:ces|vos) \\p{L}+ )?ne (?:me |nous )?(?:convient|va)',
    '(?:avez|auriez)-vous (?:des |quelques )?(?:disponibilités|dispos?|créneaux|creneaux)', 'quelles sont vos disponibilités',
  ],
  fillers: ['bonjour', 'oui', 'merci', 'parfait', 'super', "d'accord", 'le', 'la'],
  greetings: ['bonjour', 'bonsoir', 'salut'],
  signOffs: ['merci', 'cordialement', 'bien à vous', 'bonne journée'],
};

const de: Lexicon = {
  markers: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'morgen', 'woche', 'um', 'uhr', 'ich', 'passt'],
  ordinals: {
    erste: 1, ersten: 1, erster: 1, erstes: 1, zweite: 2, zweiten: 2, zweiter: 2, zweites: 2,
    dritte: 3, dritten: 3, dritter: 3, drittes: 3,
  },
  numberWords: { zwei: 2, drei: 3 },
  labelOnlyNumberWords: { eins: 1 },
  last: ['letzte', 'letzten', 'letzter', 'letztes'],
  slotNouns: ['termin', 'option', 'vorschlag'],
  articles: ['der', 'die', 'das', 'den', 'dem'],
  labels: ['option', 'nummer', 'nr\\.?', 'termin', 'vorschlag'],
  cuesBefore: ['ich nehme', 'nehme', 'lieber', 'nicht'],
  cuesAfter: ['passt', 'geht', 'funktioniert', 'bitte', 'ist', 'wäre'],
  negations: ['nicht', 'kein\\p{L}*', 'nein', 'nie'],
  exceptions: ['außer', 'ausser', 'statt', 'anstatt'],
  falseNegations: ['kein problem', 'keine sorge'],
  clauseBreaks: ['aber', 'sondern', 'jedoch'],
  conjunctions: ['und', 'oder', 'noch'],
  decline: ['kein interesse', 'kein bedarf', 'nicht interessiert', 'nein danke', 'für einen anderen anbieter entschieden'],
  anyOffer: ['alle passen', 'beide passen', 'egal welche[rs]?'],
  requestTimes: [
    'andere(?:n)? (?:termine?|zeiten?|optionen?)', 'keiner (?:der \\p{L}+ )?passt', 'passt (?:mir |uns )?(?:leider )?keiner',
    '(?:haben|hätten) sie (?:\\p{L}+ ){0,3}(?:zeit|frei|termine)',
  ],
  fillers: ['hallo', 'ja', 'danke', 'perfekt', 'super', 'gerne', 'gern', 'die', 'der', 'das'],
  greetings: ['hallo', 'guten (?:morgen|tag|abend)', 'liebe', 'lieber'],
  signOffs: ['danke', 'viele grüße', 'beste grüße', 'mit freundlichen grüßen', 'lg', 'vg', 'gruß'],
};

const es: Lexicon = {
  markers: ['lunes', 'martes', 'miércoles', 'miercoles', 'jueves', 'viernes', 'sábado', 'sabado', 'domingo', 'mañana', 'semana', 'el', 'las'],
  ordinals: { primera: 1, primero: 1, primer: 1, segunda: 2, segundo: 2, tercera: 3, tercero: 3, tercer: 3 },
  numberWords: { dos: 2, tres: 3 },
  labelOnlyNumberWords: { uno: 1 },
  last: ['última', 'ultima', 'último', 'ultimo'],
  slotNouns: ['opción', 'opcion', 'hora', 'fecha'],
  articles: ['el', 'la', 'lo'],
  labels: ['opción', 'opcion', 'número', 'numero'],
  cuesBefore: ['prefiero', 'me quedo con', 'elijo'],
  cuesAfter: ['me va', 'va bien', 'me viene bien', 'está bien', 'esta bien', 'por favor', 'me sirve', 'funciona'],
  negations: ['no', 'nunca', 'ningun[oa]?', 'tampoco'],
  exceptions: ['salvo', 'excepto', 'en lugar de', 'en vez de'],
  falseNegations: ['no hay problema', 'sin problema', 'no te preocupes'],
  clauseBreaks: ['pero', 'sino'],
  conjunctions: ['y', 'o', 'ni'],
  decline: [
    'no (?:me |nos )?interesa', 'no estoy interesad[oa]', 'no gracias', '(?:elegido|elegimos|contratado) (?:a )?otro proveedor',
    'por ahora no', 'ya trabajamos con otr[oa]',
  ],
  anyOffer: ['cualquiera', 'todas? me (?:va|sirve)n?'],
  requestTimes: [
    'otr[oa]s? (?:horas?|horarios?|fechas?|días?|dias?|opciones)',
    'ningun[oa]? (?:de (?:esas|estas|las) \\p{L}+ )?(?:me |nos )?(?:va|sirve|viene)', '(?:tiene[ns]?|tendría[ns]?) (?:algo|algún hueco|huecos?|disponibilidad)',
  ],
  fillers: ['hola', 'sí', 'si', 'gracias', 'perfecto', 'vale', 'genial', 'el', 'la'],
  greetings: ['hola', 'buen(?:os|as) (?:días|dias|tardes|noches)', 'estimad[oa]'],
  signOffs: ['gracias', 'saludos', 'un saludo', 'atentamente'],
};

export const LEXICONS: Record<Language, Lexicon> = { en, fr, de, es };

type MapKey = 'ordinals' | 'numberWords' | 'labelOnlyNumberWords';
type ListKey = Exclude<keyof Lexicon, MapKey>;

/** One list across all languages. */
export function allPhrases(key: ListKey): string[] {
  return Object.values(LEXICONS).flatMap((lexicon) => lexicon[key]);
}

/** One word → number table across all languages, keys lower-cased. */
export function allNumbers(key: MapKey): Map<string, number> {
  const entries = Object.values(LEXICONS).flatMap((lexicon) => Object.entries(lexicon[key]));
  return new Map(entries.map(([word, value]) => [word.toLowerCase(), value]));
}

const LETTER_OR_DIGIT = '[\\p{L}\\p{N}]';

/** A regex source matching any of the phrases as a whole word (no letter or digit on either side). */
export function wordsSource(phrases: readonly string[]): string {
  const sorted = [...phrases].sort((a, b) => b.length - a.length);
  return `(?<!${LETTER_OR_DIGIT})(?:${sorted.join('|')})(?!${LETTER_OR_DIGIT})`;
}

export function wordsRegex(phrases: readonly string[]): RegExp {
  return new RegExp(wordsSource(phrases), 'iu');
}

/** Escapes a literal word (e.g. "2nd", "n°") for use inside a regex source. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

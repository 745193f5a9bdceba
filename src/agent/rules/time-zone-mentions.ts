import { IANAZone } from 'luxon';
import { zoneForOffset } from '../../core/offset-zone.js';

/** A zone the prospect named in the text, with where it was said (so it can be masked out). */
export interface ZoneMention {
  index: number;
  length: number;
  /** An IANA name; a bare offset ("UTC+2") is read as Etc/GMT-2, or the place of a :30/:45 offset. */
  zone: string;
}

/**
 * Abbreviations map to the zone that observes them, so "EST" said in July still means New York
 * wall-clock (people rarely switch EST/EDT correctly). Matched upper-case only: lower-case
 * "est", "ist", "et" are ordinary French/German words.
 */
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  GMT: 'UTC', UTC: 'UTC', BST: 'Europe/London', WET: 'Europe/Lisbon', WEST: 'Europe/Lisbon',
  CET: 'Europe/Paris', CEST: 'Europe/Paris', MEZ: 'Europe/Berlin', MESZ: 'Europe/Berlin',
  EET: 'Europe/Athens', EEST: 'Europe/Athens', IST: 'Asia/Kolkata', SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong', JST: 'Asia/Tokyo', KST: 'Asia/Seoul', AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland', NZDT: 'Pacific/Auckland',
};

/** US regions are also ordinary adjectives ("central London"), so they count only as "<region> time". */
const REGIONS: Record<string, string> = {
  eastern: 'America/New_York', central: 'America/Chicago', mountain: 'America/Denver', pacific: 'America/Los_Angeles',
};

const CITIES: Record<string, string> = {
  'new york': 'America/New_York', boston: 'America/New_York', toronto: 'America/Toronto', chicago: 'America/Chicago',
  denver: 'America/Denver', 'los angeles': 'America/Los_Angeles', 'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles', vancouver: 'America/Vancouver', 'mexico city': 'America/Mexico_City',
  'são paulo': 'America/Sao_Paulo', 'sao paulo': 'America/Sao_Paulo', london: 'Europe/London', dublin: 'Europe/Dublin',
  lisbon: 'Europe/Lisbon', paris: 'Europe/Paris', berlin: 'Europe/Berlin', munich: 'Europe/Berlin',
  madrid: 'Europe/Madrid', rome: 'Europe/Rome', amsterdam: 'Europe/Amsterdam', brussels: 'Europe/Brussels',
  zurich: 'Europe/Zurich', vienna: 'Europe/Vienna', stockholm: 'Europe/Stockholm', warsaw: 'Europe/Warsaw',
  athens: 'Europe/Athens', istanbul: 'Europe/Istanbul', moscow: 'Europe/Moscow', dubai: 'Asia/Dubai',
  mumbai: 'Asia/Kolkata', delhi: 'Asia/Kolkata', bangalore: 'Asia/Kolkata', singapore: 'Asia/Singapore',
  'hong kong': 'Asia/Hong_Kong', shanghai: 'Asia/Shanghai', beijing: 'Asia/Shanghai', seoul: 'Asia/Seoul',
  tokyo: 'Asia/Tokyo', sydney: 'Australia/Sydney', melbourne: 'Australia/Melbourne', auckland: 'Pacific/Auckland',
  montreal: 'America/Toronto', montréal: 'America/Toronto', miami: 'America/New_York', atlanta: 'America/New_York',
  austin: 'America/Chicago', dallas: 'America/Chicago', houston: 'America/Chicago', phoenix: 'America/Phoenix',
  'buenos aires': 'America/Argentina/Buenos_Aires', bogotá: 'America/Bogota', bogota: 'America/Bogota',
  frankfurt: 'Europe/Berlin', hamburg: 'Europe/Berlin', barcelona: 'Europe/Madrid', milan: 'Europe/Rome',
  // The same cities as French, German and Spanish speakers write them.
  londres: 'Europe/London', bruxelles: 'Europe/Brussels', brüssel: 'Europe/Brussels', genève: 'Europe/Zurich',
  genf: 'Europe/Zurich', münchen: 'Europe/Berlin', wien: 'Europe/Vienna', zürich: 'Europe/Zurich', rom: 'Europe/Rome',
  roma: 'Europe/Rome', mailand: 'Europe/Rome', lisboa: 'Europe/Lisbon', 'nueva york': 'America/New_York',
  'ciudad de méxico': 'America/Mexico_City', tokio: 'Asia/Tokyo', moscou: 'Europe/Moscow', moscú: 'Europe/Moscow',
};

const ABBREVIATION_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${Object.keys(ABBREVIATIONS).join('|')})(?![\\p{L}\\p{N}+\\-−])`,
  'gu',
);

const TIME_WORD = '(?:\\s+(?:standard\\s+|daylight\\s+)?time|\\s+zeit)';
const REGION_NAMES = Object.keys(REGIONS).join('|');
/** Also right after a clock time: "3pm Eastern". */
const REGION_RE = new RegExp(
  `(?<![\\p{L}])(${REGION_NAMES})${TIME_WORD}(?![\\p{L}])|(?<=\\d\\s*(?:[ap]\\.?m\\.?)?\\s*)(${REGION_NAMES})(?![\\p{L}])`,
  'giu',
);

const CITY_NAMES = Object.keys(CITIES).sort((a, b) => b.length - a.length).join('|');
/** Where a bare city counts: right after a clock time ("2pm Berlin", "16 Uhr Wien") or "in/from/à/aus <city>". */
const BEFORE_CITY = '(?:\\d\\s*(?:[ap]\\.?m\\.?|h|uhr)?|(?<![\\p{L}])(?:in|from|à|en|aus))\\s*\\(?\\s*';
/**
 * A bare city is often just where someone is travelling, so it counts only as "<city> time"
 * ("Berliner Zeit"), "heure de <city>" / "hora de <city>", or where BEFORE_CITY allows.
 */
const CITY_RE = new RegExp(
  `(?<=${BEFORE_CITY})(${CITY_NAMES})${TIME_WORD}?(?![\\p{L}])` +
    `|(?<![\\p{L}])(${CITY_NAMES})(?:er)?${TIME_WORD}(?![\\p{L}])` +
    `|(?<![\\p{L}])(?:heure|hora|horario)\\s+d(?:e\\s+|')(${CITY_NAMES})(?![\\p{L}])`,
  'giu',
);

/** "Europe/London" written out, checked against the zone database. Case-sensitive like the database. */
const IANA_RE = /(?<![\p{L}/])(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Za-z_]+(?:\/[A-Za-z_]+)?/gu;

/** "UTC+2", "GMT-5", "UTC+05:30", or a bare "+05:30" (hours and minutes, so not a phone prefix). */
const OFFSET_RE = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:UTC|GMT)\\s*([+\\-−])\\s*(\\d{1,2})(?::?(\\d{2}))?(?![\\p{N}])' +
    '|(?<![\\p{L}\\p{N}:+\\-])([+\\-−])(\\d{2}):(\\d{2})(?![\\p{N}])',
  'giu',
);

/** "my time" is the zone we already read the prospect in; still worth reporting as explicit. */
const OWN_ZONE_RE =
  /(?<![\p{L}])(?:my (?:local )?(?:time(?:\s*zone)?|timezone)|local time|(?:à )?mon heure|heure locale|meiner zeit|ortszeit|mi hora|hora local)(?![\p{L}])/giu;

/** The first zone named in the text, or null; `at` (the message's time) picks the zone for a bare offset. */
export function findZoneMention(text: string, ownZone: string, at: number): ZoneMention | null {
  const found = [
    ...matchAll(ABBREVIATION_RE, text, (m) => ABBREVIATIONS[m[0]] ?? null),
    ...matchAll(REGION_RE, text, (m) => REGIONS[(m[1] ?? m[2] ?? '').toLowerCase()] ?? null),
    ...matchAll(CITY_RE, text, (m) => CITIES[(m[1] ?? m[2] ?? m[3] ?? '').toLowerCase()] ?? null),
    ...matchAll(IANA_RE, text, (m) => (IANAZone.isValidZone(m[0]) ? m[0] : null)),
    ...matchAll(OFFSET_RE, text, (m) => offsetZone(m, at)),
    ...matchAll(OWN_ZONE_RE, text, () => ownZone),
  ];
  return found.sort((a, b) => a.index - b.index || b.length - a.length)[0] ?? null;
}

function matchAll(re: RegExp, text: string, zoneOf: (m: RegExpMatchArray) => string | null): ZoneMention[] {
  const mentions: ZoneMention[] = [];
  for (const m of text.matchAll(re)) {
    const zone = zoneOf(m);
    if (zone !== null && m.index !== undefined) mentions.push({ index: m.index, length: m[0].length, zone });
  }
  return mentions;
}

function offsetZone(m: RegExpMatchArray, at: number): string | null {
  const sign = m[1] ?? m[4];
  const hours = Number(m[2] ?? m[5]);
  const minutes = Number(m[3] ?? m[6] ?? 0);
  if (hours > 14 || minutes >= 60) return null;
  const total = (hours * 60 + minutes) * (sign === '+' ? 1 : -1);
  return zoneForOffset(total, at);
}

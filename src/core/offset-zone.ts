import { IANAZone } from 'luxon';

/** Real UTC offsets run from −12:00 (Baker Island) to +14:00 (Kiribati), in quarter hours. */
const MIN_OFFSET = -12 * 60;
const MAX_OFFSET = 14 * 60;
const DAY_MS = 86_400_000;
/** Zones agree for our purposes when their offsets match at each of these days ahead (a booking horizon). */
const HORIZON_SAMPLES = [0, 30, 60, 90, 120].map((days) => days * DAY_MS);

/**
 * The places of the :30 and :45 offsets by their current names (the zone database through Intl
 * still answers with old aliases such as Asia/Calcutta). Each is used only when it has the offset
 * at the instant asked about: Newfoundland and Adelaide move by an hour in summer.
 */
const PLACES = [
  'Pacific/Marquesas',
  'America/St_Johns',
  'Asia/Tehran',
  'Asia/Kabul',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Yangon',
  'Australia/Eucla',
  'Australia/Darwin',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];

let allZones: readonly IANAZone[] | null = null;

function zoneDatabase(): readonly IANAZone[] {
  allZones ??= Intl.supportedValuesOf('timeZone')
    .filter((name) => IANAZone.isValidZone(name))
    .map((name) => IANAZone.create(name));
  return allZones;
}

/**
 * The zone to read a bare UTC offset in (a Date header's `+0545`, a prospect's "UTC−9:30"), as
 * an IANA name every part of the code can use: the first of `preferred` with that offset at
 * `at`; else `Etc/GMT±N` for a whole hour; else the one zone that has the offset (all the :30
 * and :45 offsets belong to a named place), preferring one without daylight saving when several
 * disagree over the coming months. Null for an offset no place has.
 */
export function zoneForOffset(offsetMinutes: number, at: number, preferred: readonly string[] = []): string | null {
  if (!Number.isInteger(offsetMinutes) || offsetMinutes % 15 !== 0) return null;
  if (offsetMinutes < MIN_OFFSET || offsetMinutes > MAX_OFFSET) return null;
  const named = preferred.find((zone) => IANAZone.isValidZone(zone) && IANAZone.create(zone).offset(at) === offsetMinutes);
  if (named !== undefined) return named;
  if (offsetMinutes === 0) return 'UTC';
  if (offsetMinutes % 60 === 0) {
    // The Etc zones count the other way round: Etc/GMT-8 is UTC+8 (POSIX signs).
    const hours = -offsetMinutes / 60;
    return `Etc/GMT${hours > 0 ? '+' : ''}${hours}`;
  }
  const place = PLACES.find((zone) => IANAZone.create(zone).offset(at) === offsetMinutes);
  if (place !== undefined) return place;
  const matching = zoneDatabase().filter((zone) => zone.offset(at) === offsetMinutes);
  if (matching.length === 0) return null;
  const steady = matching.find((zone) => HORIZON_SAMPLES.every((ahead) => zone.offset(at + ahead) === offsetMinutes));
  return (steady ?? matching[0]!).name;
}

/** luxon's fixed-offset names: "UTC", "UTC+8", "UTC-9:30", "UTC+05:45". */
const FIXED_NAME = /^(?:UTC|GMT)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;

/**
 * A zone the slot, offer and invite code can use: an IANA name as it is, a fixed-offset name
 * (from an older record, a reader or a model) through zoneForOffset. Null when it is neither.
 */
export function usableZone(zone: string, at: number): string | null {
  if (IANAZone.isValidZone(zone)) return zone;
  const fixed = FIXED_NAME.exec(zone.trim());
  if (fixed === null) return null;
  if (fixed[1] === undefined) return 'UTC';
  const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
  return zoneForOffset(fixed[1] === '-' ? -minutes : minutes, at);
}

import { DateTime } from 'luxon';
import { zoneForOffset } from './offset-zone.js';

/**
 * Zones tried, in order, when a Date header offset is all we know. A named zone is better than a
 * fixed offset: it keeps the right offset across a DST change inside the booking horizon.
 */
const LIKELY_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Helsinki',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/**
 * The zone to show a prospect times in: the campaign's or a host's when they agree with the
 * sender's Date offset, else a common zone with that offset, else a zone for the offset itself;
 * the campaign's for an offset no place has (a broken Date header).
 */
export function inferProspectZone(input: {
  dateOffsetMinutes: number | null;
  at: number;
  campaignZone: string;
  hostZones: readonly string[];
}): string {
  if (input.dateOffsetMinutes === null) return input.campaignZone;
  const candidates = [input.campaignZone, ...input.hostZones, ...LIKELY_ZONES];
  return zoneForOffset(input.dateOffsetMinutes, input.at, candidates) ?? input.campaignZone;
}

/** How each supported language names a city's time; English is the fallback. */
const CITY_TIME: Record<string, (city: string) => string> = {
  en: (city) => `${city} time`,
  fr: (city) => (/^[aeiouyéè]/i.test(city) ? `heure d'${city}` : `heure de ${city}`),
  de: (city) => `Ortszeit ${city}`,
  es: (city) => `hora de ${city}`,
};

/**
 * "New York time (UTC−5)" — the zone named in words a prospect recognises, in their language
 * ("heure de New York (UTC−5)", "Ortszeit New York (UTC−5)", "hora de New York (UTC−5)").
 * The city is the zone database's (English) name; a fixed offset (Etc/GMT-8) is just the offset.
 */
export function zoneLabel(zone: string, at: number, language = 'en'): string {
  const local = DateTime.fromMillis(at).setZone(zone);
  const offset = formatOffset(local.offset);
  const city = zone.includes('/') && !zone.startsWith('Etc/') ? zone.split('/').pop()!.replace(/_/g, ' ') : null;
  const cityTime = CITY_TIME[language] ?? CITY_TIME.en!;
  return city ? `${cityTime(city)} (${offset})` : offset;
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '−' : '+';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

import { DateTime } from 'luxon';
import type { Interval } from '../../core/interval.js';
import type { LanguagePack } from './pack.js';

/** Titles that come before a given name and are not one ("Dr. Jane Doe" → "Jane"). */
const TITLES = new Set(
  'mr mrs ms miss mx dr prof sir madam m mme mlle herr frau sr sra srta don doña'.split(' '),
);

/**
 * The given name to greet someone by, from the display name of their address: "Jane Doe" →
 * "Jane", "Doe, Jane" → "Jane" (how some directories write names), "Dr. Jane Doe" → "Jane",
 * "jane" → "Jane". Null when there is nothing to greet by (no name, an address, initials only).
 */
export function firstName(displayName: string | null): string | null {
  const name = displayName?.replace(/["“”]/g, '').trim();
  if (!name || name.includes('@')) return null;
  const given = name.includes(',') ? (name.split(',')[1] ?? '') : name;
  const words = given.trim().split(/\s+/).filter((word) => !TITLES.has(word.toLowerCase().replace(/\.$/, '')));
  const first = words[0];
  if (!first || first.replace(/\./g, '').length < 2) return null;
  // A name typed all lower-case ("jane") reads as a typo in a greeting; a chosen style ("deSouza") is kept.
  return first === first.toLowerCase() ? first.charAt(0).toUpperCase() + first.slice(1) : first;
}

/** "Tuesday 24 November, 10:00 – 10:30" / "mardi 24 novembre, 10:00–10:30" in the given zone. */
export function formatSlot(slot: Interval, timeZone: string, pack: LanguagePack): string {
  const start = DateTime.fromMillis(slot.start, { zone: timeZone, locale: pack.locale });
  const end = DateTime.fromMillis(slot.end, { zone: timeZone, locale: pack.locale });
  return `${start.toFormat(pack.dayAndStart)}${pack.rangeDash}${end.toFormat('HH:mm')}`;
}

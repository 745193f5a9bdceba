import { IANAZone } from 'luxon';
import type { Interval } from './interval.js';
import { localDays } from './local-days.js';

/** Offered times at least this far apart, so each one is a real alternative rather than a nudge. */
const MIN_GAP_MS = 2 * 3_600_000;
const SOCIAL_START_MINUTE = 8 * 60;
const SOCIAL_END_MINUTE = 19 * 60;
const NOON_MINUTE = 12 * 60;
/** Zones already checked: luxon's check builds an Intl formatter each time, and offers are made in bursts. */
const knownZones = new Set<string>();

interface Candidate {
  slot: Interval;
  /** The prospect's local date, as days since 1970-01-01 local. */
  day: number;
  morning: boolean;
}

/**
 * Picks up to `count` slots to offer a prospect, judged in the prospect's zone:
 * - slots wholly within 08:00-19:00 local come first; others only fill up when those run out,
 *   since offering an odd hour beats offering nothing;
 * - one slot per day on the earliest days first, alternating morning (before 12:00) and afternoon
 *   starting with a morning, each the earliest of its half;
 * - then more slots on already used days, any two offered slots at least 2 hours apart.
 * The result is sorted by start, has no slot twice, and is shorter than `count` when slots run out.
 */
export function spreadOffer(input: { slots: readonly Interval[]; count: number; timeZone: string }): Interval[] {
  if (!knownZones.has(input.timeZone)) {
    if (!IANAZone.isValidZone(input.timeZone)) throw new RangeError(`Unknown time zone: ${input.timeZone}`);
    knownZones.add(input.timeZone);
  }
  const { social, other } = classify(input.slots, IANAZone.create(input.timeZone));
  const picks: Candidate[] = [];
  for (const pool of [social, other]) pickFrom(groupByDay(pool), picks, input.count);
  return picks.map(({ slot }) => ({ start: slot.start, end: slot.end })).sort((a, b) => a.start - b.start);
}

/**
 * Local times come from the zone's offset table: an offer judges hundreds of slots, and an Intl
 * look-up per slot edge was the largest part of a reply's cost.
 */
function classify(slots: readonly Interval[], zone: IANAZone): { social: Candidate[]; other: Candidate[] } {
  const { localTime: local } = localDays(zone);
  const social: Candidate[] = [];
  const other: Candidate[] = [];
  const sorted = [...slots].sort((a, b) => a.start - b.start || a.end - b.end);
  sorted.forEach((slot, i) => {
    if (i > 0 && sorted[i - 1]!.start === slot.start) return;
    const start = local(slot.start);
    const end = local(slot.end);
    const { day } = start;
    const startMinute = start.minute;
    const sociable = startMinute >= SOCIAL_START_MINUTE && end.day === day && end.minute <= SOCIAL_END_MINUTE;
    (sociable ? social : other).push({ slot, day, morning: startMinute < NOON_MINUTE });
  });
  return { social, other };
}

/** Candidates (sorted by start) split into per-day lists, earliest day first. */
function groupByDay(candidates: readonly Candidate[]): Candidate[][] {
  const days: Candidate[][] = [];
  for (const candidate of candidates) {
    const current = days[days.length - 1];
    if (current && current[0]!.day === candidate.day) current.push(candidate);
    else days.push([candidate]);
  }
  return days;
}

/**
 * The first round gives each day that has no pick yet one slot, so the offer spans days; later rounds
 * go round the days again, adding same-day slots, until the offer is full or nothing more fits.
 */
function pickFrom(days: readonly Candidate[][], picks: Candidate[], count: number): void {
  for (let round = 0; picks.length < count; round++) {
    let added = false;
    for (const day of days) {
      if (picks.length >= count) return;
      if (round === 0 && picks.some((p) => p.day === day[0]!.day)) continue;
      const pick = choose(day, picks);
      if (pick) {
        picks.push(pick);
        added = true;
      }
    }
    if (round > 0 && !added) return;
  }
}

/** The earliest slot of the preferred half of the day, else the earliest at all, keeping the gap. */
function choose(day: readonly Candidate[], picks: readonly Candidate[]): Candidate | undefined {
  const open = day.filter((c) => picks.every((p) => Math.abs(p.slot.start - c.slot.start) >= MIN_GAP_MS));
  const wantMorning = prefersMorning(day[0]!.day, picks);
  return open.find((c) => c.morning === wantMorning) ?? open[0];
}

/** A day already offered a morning wants an afternoon (and vice versa); a fresh day flips the last pick. */
function prefersMorning(day: number, picks: readonly Candidate[]): boolean {
  const sameDay = picks.filter((p) => p.day === day);
  if (sameDay.length > 0) return !sameDay.some((p) => p.morning);
  const last = picks[picks.length - 1];
  return last === undefined || !last.morning;
}

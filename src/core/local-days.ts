import type { IANAZone } from 'luxon';
import { zoneOffsets, type ZoneOffsets } from './zone-offsets.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Local calendar days of one zone, numbered like epoch days (0 = 1970-01-01 local). Offsets come
 * from the zone's shared table (zone-offsets.ts), so a day costs arithmetic, not Intl look-ups:
 * this runs per booking and per day off for every host of an offer.
 */
export interface LocalDays {
  /** The local day an instant falls on. */
  dayOf(instant: number): number;
  /** The local day an instant falls on and the whole minutes since that day's midnight on the wall clock. */
  localTime(instant: number): { day: number; minute: number };
  /** The first instant of a local day: its midnight, or the moment the clock jumps past a skipped one. */
  dayStart(day: number): number;
}

export function localDays(zone: IANAZone): LocalDays {
  const offsets = zoneOffsets(zone);
  const wallOf = (instant: number): number => instant + offsets.offsetAt(instant);
  return {
    dayOf: (instant) => Math.floor(wallOf(instant) / DAY_MS),
    localTime: (instant) => {
      const wall = wallOf(instant);
      const day = Math.floor(wall / DAY_MS);
      return { day, minute: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
    },
    dayStart: (day) => dayStart(offsets, day),
  };
}

/** ISO weekday index of a local day: 0 = Monday ... 6 = Sunday (day 0 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * Within a stretch of constant offset local time runs straight, so the day begins in the first
 * stretch that reaches its midnight: at that midnight, or at the stretch's start if it was skipped.
 * Not ZoneOffsets.instantOf: a gap that begins before midnight starts the day at the jump, not as
 * far past it as midnight was into the gap.
 */
function dayStart(offsets: ZoneOffsets, day: number): number {
  const midnight = day * DAY_MS;
  // Every instant that can show this midnight lies within a day of it.
  const segments = offsets.segments(midnight - DAY_MS, midnight + DAY_MS);
  const reached = (i: number): number => Math.max(segments[i]!.start, midnight - segments[i]!.offset);
  let i = 0;
  while (i + 1 < segments.length && reached(i) >= segments[i + 1]!.start) i++;
  return reached(i);
}

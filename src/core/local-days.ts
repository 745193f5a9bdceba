import type { IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * Local calendar days of one zone over a span, numbered like epoch days (0 = 1970-01-01 local).
 * Intl offset look-ups cost tens of microseconds each and luxon's startOf several of them, too slow
 * to make per booking for 50 hosts; so the zone is sampled weekly and bisected only where the
 * offset changes (assuming, like slots.ts, at most one change per week), and everything else is
 * arithmetic on the resulting constant-offset segments.
 */
export interface LocalDays {
  /** The local day an instant falls on. */
  dayOf(instant: number): number;
  /** The first instant of a local day: its midnight, or the moment the clock jumps past a skipped one. */
  dayStart(day: number): number;
}

/** A stretch of constant UTC offset (ms), from `start` to the next segment's start. */
interface Segment {
  start: number;
  offset: number;
}

export function localDays(zone: IANAZone, from: number, to: number): LocalDays {
  const segments = offsetSegments(zone, from - 2 * DAY_MS, Math.max(from, to) + 2 * DAY_MS);
  const offsetAt = (instant: number): number => segments.findLast((s) => s.start <= instant)?.offset ?? segments[0]!.offset;
  return {
    dayOf: (instant) => Math.floor((instant + offsetAt(instant)) / DAY_MS),
    dayStart(day) {
      // Within a segment local time runs straight, so the day begins in the first segment that
      // reaches its midnight: at that midnight, or at the segment's start if it was skipped.
      for (let i = 0; i < segments.length; i++) {
        const start = i === 0 ? -Infinity : segments[i]!.start;
        const end = segments[i + 1]?.start ?? Infinity;
        const instant = Math.max(start, day * DAY_MS - segments[i]!.offset);
        if (instant < end) return instant;
      }
      return day * DAY_MS - segments[segments.length - 1]!.offset;
    },
  };
}

/** ISO weekday index of a local day: 0 = Monday ... 6 = Sunday (day 0 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function offsetSegments(zone: IANAZone, from: number, to: number): Segment[] {
  const offsetMs = (instant: number): number => zone.offset(instant) * MINUTE_MS;
  const segments: Segment[] = [{ start: from, offset: offsetMs(from) }];
  for (let sampledAt = from; sampledAt < to; ) {
    const next = Math.min(sampledAt + WEEK_MS, to);
    const offset = offsetMs(next);
    const current = segments[segments.length - 1]!.offset;
    if (offset !== current) segments.push({ start: firstMinuteWith(offsetMs, sampledAt, next, current), offset });
    sampledAt = next;
  }
  return segments;
}

/** The first whole minute in (lo, hi] whose offset is no longer `before`: zones change on the minute. */
function firstMinuteWith(offsetMs: (instant: number) => number, lo: number, hi: number, before: number): number {
  let low = Math.floor(lo / MINUTE_MS);
  let high = Math.ceil(hi / MINUTE_MS);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetMs(mid * MINUTE_MS) === before) low = mid;
    else high = mid;
  }
  return high * MINUTE_MS;
}

import { DateTime, IANAZone } from 'luxon';
import type { DayWindow, Weekday, WeeklyHours } from '../config/types.js';
import { overlaps, type Interval } from './interval.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface SlotRules {
  /** The host's IANA zone; working hours are wall-clock times in it. */
  timeZone: string;
  workingHours: WeeklyHours;
  durationMinutes: number;
  /** Slot starts lie on the local grid window start + k * step. */
  stepMinutes: number;
  /** No slot starts before now + notice. */
  minNoticeMinutes: number;
  /** No slot starts at or after now + horizonDays * 24h. */
  horizonDays: number;
  /** A slot [s, e) needs [s - before, e + after) clear of busy time. */
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

interface SlotQuery {
  now: number;
  rules: SlotRules;
  busy: readonly Interval[];
}

/**
 * A local calendar day in the host zone. `midnight` is its wall-clock midnight written as if it were UTC;
 * `offset` (ms) is null when the zone's UTC offset changes during the day.
 */
interface LocalDay {
  midnight: number;
  weekday: Weekday;
  offset: number | null;
}

/** A working window as instants. `origin` is its nominal local start (as if UTC): the origin of the step grid. */
interface WorkWindow {
  start: number;
  end: number;
  origin: number;
  offset: number | null;
}

/** The host zone, with cheap offset look-ups (ms) around the instants a query touches. */
interface ZoneView {
  zone: IANAZone;
  offsetAt(instant: number): number;
}

/** A stretch of a window with a constant UTC offset (ms). */
interface Segment {
  start: number;
  end: number;
  offset: number;
}

/** Free slots, sorted by start, that follow all rules and stay clear of (buffered) busy time. */
export function freeSlots({ now, rules, busy }: SlotQuery): Interval[] {
  const { from, to } = startRange(now, rules);
  const zone = zoneView(checkedZone(rules), from, to);
  const durationMs = rules.durationMinutes * MINUTE_MS;
  const beforeMs = rules.bufferBeforeMinutes * MINUTE_MS;
  const afterMs = rules.bufferAfterMinutes * MINUTE_MS;
  const blocked = busyUnion(busy);
  const slots: Interval[] = [];
  // Candidate starts only ever increase, so busy blocks that ended before one's buffer can never touch a later one.
  let next = 0;
  let lastStart = -Infinity;
  for (const day of localDays(zone, from, to)) {
    for (const window of workWindows(zone, day, rules.workingHours)) {
      for (const start of slotStarts(zone, window, rules.stepMinutes * MINUTE_MS, durationMs, from, to)) {
        // Overlapping configured windows would repeat or reorder starts; dropping them keeps the pointer valid.
        if (start <= lastStart) continue;
        lastStart = start;
        const end = start + durationMs;
        while (next < blocked.length && blocked[next]!.end <= start - beforeMs) next++;
        const block = blocked[next];
        if (block === undefined || block.start >= end + afterMs) slots.push({ start, end });
      }
    }
  }
  return slots;
}

/**
 * Whether a proposed slot can be booked. Unlike freeSlots it does not require step alignment (a prospect
 * may propose 10:15 when the grid is :00/:30), but the slot must last exactly durationMinutes, lie entirely
 * within one working window, and satisfy notice, horizon and buffered busy time.
 */
export function isSlotFree({ now, rules, busy, slot }: SlotQuery & { slot: Interval }): boolean {
  const hostZone = checkedZone(rules);
  const { from, to } = startRange(now, rules);
  if (slot.end - slot.start !== rules.durationMinutes * MINUTE_MS) return false;
  if (slot.start < from || slot.start >= to) return false;
  const zone = zoneView(hostZone, slot.start, slot.end);
  if (!insideWorkingWindow(zone, rules.workingHours, slot)) return false;
  const guarded = {
    start: slot.start - rules.bufferBeforeMinutes * MINUTE_MS,
    end: slot.end + rules.bufferAfterMinutes * MINUTE_MS,
  };
  return !busy.some((block) => block.end > block.start && overlaps(block, guarded));
}

/**
 * Busy time as sorted, disjoint (touching ones joined) intervals; empty or inverted blocks are ignored.
 * A union needs only the starts and the ends, each sorted on its own; native typed-array sorts beat
 * sorting objects with a comparator, the largest cost when many hosts with many events are checked.
 */
function busyUnion(busy: readonly Interval[]): Interval[] {
  const allStarts = new Float64Array(busy.length);
  const allEnds = new Float64Array(busy.length);
  let n = 0;
  for (const block of busy) {
    if (block.end <= block.start) continue;
    allStarts[n] = block.start;
    allEnds[n] = block.end;
    n++;
  }
  const starts = allStarts.subarray(0, n).sort();
  const ends = allEnds.subarray(0, n).sort();
  const union: Interval[] = [];
  let open = 0;
  let unionStart = 0;
  // Sweep: starts come before equal ends so touching blocks join. Every end is preceded by its own
  // start, so `open` stays positive until the last start; the remaining ends close one final interval.
  for (let i = 0, j = 0; i < n; ) {
    if (starts[i]! <= ends[j]!) {
      if (open++ === 0) unionStart = starts[i]!;
      i++;
    } else {
      if (--open === 0) union.push({ start: unionStart, end: ends[j]! });
      j++;
    }
  }
  if (n > 0) union.push({ start: unionStart, end: ends[n - 1]! });
  return union;
}

/** Rejects rules that would loop forever or silently produce nonsense. */
function checkedZone(rules: SlotRules): IANAZone {
  const zone = IANAZone.create(rules.timeZone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${rules.timeZone}`);
  if (!(rules.stepMinutes > 0) || !(rules.durationMinutes > 0)) {
    throw new RangeError('stepMinutes and durationMinutes must be positive');
  }
  const { bufferBeforeMinutes, bufferAfterMinutes, minNoticeMinutes, horizonDays } = rules;
  if (bufferBeforeMinutes < 0 || bufferAfterMinutes < 0 || minNoticeMinutes < 0 || horizonDays < 0) {
    throw new RangeError('buffers, minNoticeMinutes and horizonDays must not be negative');
  }
  return zone;
}

/** Allowed slot starts are [from, to). */
function startRange(now: number, rules: SlotRules): { from: number; to: number } {
  return { from: now + rules.minNoticeMinutes * MINUTE_MS, to: now + rules.horizonDays * DAY_MS };
}

function insideWorkingWindow(zone: ZoneView, hours: WeeklyHours, slot: Interval): boolean {
  // Windows never extend past their day's end, so only the day the slot starts on can contain it.
  const [day] = localDays(zone, slot.start, slot.start + 1);
  return day !== undefined && workWindows(zone, day, hours).some((w) => w.start <= slot.start && slot.end <= w.end);
}

function offsetMs(zone: IANAZone, instant: number): number {
  return zone.offset(instant) * MINUTE_MS;
}

/**
 * Intl offset look-ups cost microseconds each, too slow to make per day for many hosts. So sample the
 * zone weekly over the range (padded for local midnights on either side) and bisect only between samples
 * that differ; this assumes at most one offset change per week, which holds for real zones.
 */
function zoneView(zone: IANAZone, from: number, to: number): ZoneView {
  const first = from - 2 * DAY_MS;
  const last = Math.max(from, to) + 2 * DAY_MS;
  const initial = offsetMs(zone, first);
  const changes: Array<{ at: number; offset: number }> = [];
  let sampledAt = first;
  let sampled = initial;
  while (sampledAt < last) {
    const instant = Math.min(sampledAt + WEEK_MS, last);
    const offset = offsetMs(zone, instant);
    if (offset !== sampled) {
      changes.push({ at: offsetChange((t) => offsetMs(zone, t), sampledAt, instant, sampled), offset });
    }
    sampledAt = instant;
    sampled = offset;
  }
  return { zone, offsetAt: (instant) => changes.findLast((c) => c.at <= instant)?.offset ?? initial };
}

/**
 * Local days whose span can hold a start in [from, to). The offset at the next midnight, guessed with
 * today's offset, tells whether the offset stayed constant all day: the common case, where local times
 * map to instants by plain subtraction instead of a luxon DateTime each.
 */
function localDays(zone: ZoneView, from: number, to: number): LocalDay[] {
  const guess = zone.offsetAt(from);
  let midnight = Math.floor((from + guess) / DAY_MS) * DAY_MS;
  let offset = settleOffset(zone, midnight, guess);
  const days: LocalDay[] = [];
  while (midnight - offset < to) {
    const nextMidnight = midnight + DAY_MS;
    const offsetAtEnd = zone.offsetAt(nextMidnight - offset);
    const constant = offsetAtEnd === offset;
    days.push({ midnight, weekday: isoWeekday(midnight), offset: constant ? offset : null });
    if (!constant) offset = settleOffset(zone, nextMidnight, offsetAtEnd);
    midnight = nextMidnight;
  }
  return days;
}

/** The zone's offset at a local wall-clock time (as if UTC), starting from a nearby guess. */
function settleOffset(zone: ZoneView, local: number, guess: number): number {
  const offset = zone.offsetAt(local - guess);
  return offset === guess ? offset : zone.offsetAt(local - offset);
}

function isoWeekday(midnight: number): Weekday {
  const day = new Date(midnight).getUTCDay();
  return (day === 0 ? 7 : day) as Weekday;
}

function workWindows(zone: ZoneView, day: LocalDay, hours: WeeklyHours): WorkWindow[] {
  return [...hours[day.weekday]]
    .filter((w) => w.endMinute > w.startMinute)
    .sort((a, b) => a.startMinute - b.startMinute)
    .map((w) => toWorkWindow(zone, day, w));
}

function toWorkWindow(zone: ZoneView, day: LocalDay, window: DayWindow): WorkWindow {
  const origin = day.midnight + window.startMinute * MINUTE_MS;
  const localEnd = day.midnight + window.endMinute * MINUTE_MS;
  if (day.offset !== null) {
    return { start: origin - day.offset, end: localEnd - day.offset, origin, offset: day.offset };
  }
  return { start: localToInstant(zone, origin), end: localToInstant(zone, localEnd), origin, offset: null };
}

/** Luxon resolves skipped wall-clock times (spring forward) to the moment the clock jumps past them. */
function localToInstant(zone: ZoneView, local: number): number {
  const { year, month, day, hour, minute } = DateTime.fromMillis(local, { zone: 'utc' });
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone: zone.zone }).toMillis();
}

/**
 * Starts whose local wall-clock time lies on the window's step grid. Across an offset change the grid
 * stays on wall-clock time: skipped local times yield no slot and repeated ones yield two.
 */
function slotStarts(
  zone: ZoneView,
  window: WorkWindow,
  stepMs: number,
  durationMs: number,
  from: number,
  to: number,
): number[] {
  const latest = Math.min(window.end - durationMs, to - 1);
  const starts: number[] = [];
  for (const segment of segments(zone, window)) {
    const lo = Math.max(segment.start, from);
    const hi = Math.min(segment.end - 1, latest);
    const firstStep = Math.ceil((lo + segment.offset - window.origin) / stepMs);
    for (let start = window.origin + firstStep * stepMs - segment.offset; start <= hi; start += stepMs) {
      starts.push(start);
    }
  }
  return starts;
}

/** Splits a window at its offset change; real zones change offset at most once within a working day. */
function segments(zone: ZoneView, window: WorkWindow): Segment[] {
  const { start, end } = window;
  if (window.offset !== null) return [{ start, end, offset: window.offset }];
  const before = zone.offsetAt(start);
  const after = zone.offsetAt(end - 1);
  if (before === after) return [{ start, end, offset: before }];
  const change = offsetChange(zone.offsetAt, start, end - 1, before);
  return [
    { start, end: change, offset: before },
    { start: change, end, offset: after },
  ];
}

/** The first instant in (lo, hi] whose offset differs from `before`, by bisection. */
function offsetChange(offsetAt: (instant: number) => number, lo: number, hi: number, before: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

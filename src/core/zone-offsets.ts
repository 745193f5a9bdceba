import { IANAZone } from 'luxon';

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets are worked out four weeks at a time: a scheduling horizon touches two or three such chunks. */
const CHUNK_MS = 28 * DAY_MS;
/** Chunks kept per zone (about 39 years); past that the oldest computed is dropped and recomputed if asked again. */
const MAX_CHUNKS_PER_ZONE = 512;

/** A stretch of constant UTC offset (ms), from `start` to the next stretch's start. */
export interface OffsetSegment {
  start: number;
  offset: number;
}

/**
 * A zone's UTC offsets as a table. An Intl look-up (what luxon's `zone.offset` does) costs
 * microseconds, and an offer asks thousands of them for the same few zones; offsets only change at
 * a zone's transitions, so each zone is sampled once per four-week chunk, its transitions found by
 * bisection, and every later question is answered from the table. Zone rules do not change while
 * the process runs, so the table is shared by every caller.
 */
export interface ZoneOffsets {
  /** The UTC offset (ms) in effect at an instant. */
  offsetAt(instant: number): number;
  /** The stretches of constant offset that cover [from, to]: the first starts at `from`, the rest at a transition. */
  segments(from: number, to: number): OffsetSegment[];
  /**
   * The instant a local wall-clock time (written as if it were UTC) happens. A time skipped by a
   * transition is moved forward by the gap, as luxon and Temporal do; a repeated one is its first
   * occurrence, so the answer never depends on when it is asked.
   */
  instantOf(local: number): number;
}

/** Transitions of one chunk: `starts[0]` is the chunk's start, each later entry a transition inside it. */
interface Chunk {
  starts: number[];
  offsets: number[];
}

const tables = new Map<string, ZoneOffsets>();

/** The shared table of a zone; the zone must be valid (callers check, with the error they want). */
export function zoneOffsets(zone: IANAZone): ZoneOffsets {
  let table = tables.get(zone.name);
  if (table === undefined) {
    table = offsetTable(zone);
    tables.set(zone.name, table);
  }
  return table;
}

function offsetTable(zone: IANAZone): ZoneOffsets {
  const chunks = new Map<number, Chunk>();
  const chunkAt = (index: number): Chunk => {
    let chunk = chunks.get(index);
    if (chunk === undefined) {
      chunk = computeChunk(zone, index * CHUNK_MS);
      if (chunks.size >= MAX_CHUNKS_PER_ZONE) chunks.delete(chunks.keys().next().value!);
      chunks.set(index, chunk);
    }
    return chunk;
  };

  const offsetAt = (instant: number): number => {
    const { starts, offsets } = chunkAt(Math.floor(instant / CHUNK_MS));
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > instant) i--;
    return offsets[i]!;
  };

  const segments = (from: number, to: number): OffsetSegment[] => {
    const found: OffsetSegment[] = [{ start: from, offset: offsetAt(from) }];
    for (let index = Math.floor(from / CHUNK_MS); index <= Math.floor(to / CHUNK_MS); index++) {
      const { starts, offsets } = chunkAt(index);
      for (let i = 1; i < starts.length; i++) {
        if (starts[i]! > from && starts[i]! <= to) found.push({ start: starts[i]!, offset: offsets[i]! });
      }
    }
    return found;
  };

  const instantOf = (local: number): number => {
    // Real offsets stay within a day of UTC, so every instant that can show this wall-clock time
    // lies in the day either side.
    const around = segments(local - DAY_MS, local + DAY_MS);
    for (let i = 0; i < around.length; i++) {
      const instant = local - around[i]!.offset;
      const end = around[i + 1]?.start ?? Infinity;
      if (instant >= around[i]!.start && instant < end) return instant;
    }
    // Skipped: read with the offset from before the jump, which lands as far past it as the time was into the gap.
    for (let i = 1; i < around.length; i++) {
      const { start, offset } = around[i]!;
      const before = around[i - 1]!.offset;
      if (start + before <= local && local < start + offset) return local - before;
    }
    return local - offsetAt(local);
  };

  return { offsetAt, segments, instantOf };
}

/**
 * Samples the chunk daily and bisects to the second between samples that differ. Daily sampling
 * assumes a zone changes offset at most once a day, which every real zone does; tz transitions
 * fall on whole seconds.
 */
function computeChunk(zone: IANAZone, start: number): Chunk {
  // Rounded: luxon gives minutes, fractional for the seconds of historic local mean times.
  const offsetMs = (instant: number): number => Math.round(zone.offset(instant) * MINUTE_MS);
  const starts = [start];
  const offsets = [offsetMs(start)];
  for (let sampled = start; sampled < start + CHUNK_MS; sampled += DAY_MS) {
    const next = sampled + DAY_MS;
    const current = offsets[offsets.length - 1]!;
    const offset = offsetMs(next);
    if (offset === current) continue;
    const change = firstSecondWith(offsetMs, sampled, next, current);
    // A change exactly at the chunk's end is the next chunk's starting offset.
    if (change < start + CHUNK_MS) {
      starts.push(change);
      offsets.push(offsetMs(change));
    }
  }
  return { starts, offsets };
}

/** The first whole second in (lo, hi] whose offset is no longer `before`. */
function firstSecondWith(offsetMs: (instant: number) => number, lo: number, hi: number, before: number): number {
  let low = Math.floor(lo / SECOND_MS);
  let high = Math.ceil(hi / SECOND_MS);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetMs(mid * SECOND_MS) === before) low = mid;
    else high = mid;
  }
  return high * SECOND_MS;
}

import { readFile as fsReadFile, stat as fsStat } from 'node:fs/promises';
import type { HostConfig } from '../../config/types.js';
import { mergeIntervals, type Interval } from '../../core/interval.js';
import { busyFromParsed, parseIcs, type ParsedCalendar } from './ics-busy.js';
import { CalendarError, type CalendarProvider } from '../provider.js';

const WEEK_MS = 7 * 86_400_000;
/** Files whose parse and expansions are kept; past that the least recently used is dropped. */
const MAX_CACHED_FILES = 256;
/**
 * Longest span an expansion grows to by taking in later windows (see spanFor); a window longer
 * than this is expanded on its own.
 */
const MAX_GROWN_SPAN_MS = 13 * WEEK_MS;

export interface LocalCalendarOptions {
  readFile?: (path: string) => Promise<string>;
  /** Used to tell whether a file changed since it was last parsed. */
  stat?: (path: string) => Promise<{ mtimeMs: number; size: number }>;
  /** Expands a parsed calendar over a span; given by tests to count expansions. */
  expand?: typeof busyFromParsed;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  calendar: ParsedCalendar;
  /** Busy time per host zone (all-day and floating times depend on it), over the span expanded. */
  expansions: Map<string, Expansion>;
}

interface Expansion {
  span: Interval;
  /** Merged and sorted, clipped to the span. */
  busy: Interval[];
}

/**
 * Busy time from the .ics files named in each host's config. Files are checked on every call so
 * edits apply without a restart; a file is only re-read and re-parsed when its mtime or size
 * changed. Expanding recurrences is the expensive part (ical.js walks each series from its first
 * occurrence), so a file's busy time is expanded over a span of whole weeks around the window and
 * kept with the parse: later calls whose window lies in that span only clip it.
 */
export function createLocalCalendar(options: LocalCalendarOptions = {}): CalendarProvider {
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path, 'utf8'));
  const stat = options.stat ?? fsStat;
  const expand = options.expand ?? busyFromParsed;
  const cache = new Map<string, CacheEntry>();

  // A burst of turns asks for the same file at once: one read and parse serves them all.
  const parsing = new Map<string, Promise<CacheEntry>>();

  async function load(path: string): Promise<CacheEntry> {
    const { mtimeMs, size } = await unreachableOnError(path, () => stat(path));
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) {
      // Deleted and set again so the map's order is least recently used first.
      cache.delete(path);
      cache.set(path, cached);
      return cached;
    }
    const key = `${path}\0${mtimeMs}\0${size}`;
    let pending = parsing.get(key);
    if (pending === undefined) {
      pending = parse(path, mtimeMs, size).finally(() => parsing.delete(key));
      parsing.set(key, pending);
    }
    return pending;
  }

  async function parse(path: string, mtimeMs: number, size: number): Promise<CacheEntry> {
    const text = await unreachableOnError(path, () => readFile(path));
    const calendar = withPath(path, () => parseIcs(text));
    const entry = { mtimeMs, size, calendar, expansions: new Map<string, Expansion>() };
    cache.delete(path);
    cache.set(path, entry);
    if (cache.size > MAX_CACHED_FILES) cache.delete(cache.keys().next().value!);
    return entry;
  }

  function busyIn(entry: CacheEntry, window: Interval, timeZone: string): Interval[] {
    const options = { defaultTimeZone: timeZone };
    let expansion = entry.expansions.get(timeZone);
    if (expansion === undefined || !contains(expansion.span, window)) {
      const span = spanFor(window, expansion?.span);
      let busy: Interval[];
      try {
        busy = expand(entry.calendar, span, options);
      } catch (error) {
        // The span reaches past the window, so a rule dense enough to hit the occurrence cap
        // there may still fit the window itself; that answer is not kept.
        if (!(error instanceof CalendarError)) throw error;
        return expand(entry.calendar, window, options);
      }
      expansion = { span, busy };
      entry.expansions.set(timeZone, expansion);
    }
    return clip(expansion.busy, window);
  }

  // The local calendar is read-only: the service's own bookings live in
  // its database (the caller merges them into busy time) and invites reach hosts by email,
  // so writing events is deliberately a no-op.
  const noWrite = async (): Promise<void> => {};

  return {
    async busy(host: HostConfig, window: Interval): Promise<Interval[]> {
      if (host.calendar.provider !== 'local') {
        throw new CalendarError('invalid_data', `${host.id} has no local calendar`);
      }
      const perFile = await Promise.all(
        host.calendar.icsFiles.map(async (path) => {
          const entry = await load(path);
          return withPath(path, () => busyIn(entry, window, host.timeZone));
        }),
      );
      return mergeIntervals(perFile.flat());
    },
    createEvent: noWrite,
    updateEvent: noWrite,
    cancelEvent: noWrite,
  };
}

/**
 * The window rounded out to whole weeks, so a window that moves on with the clock is expanded
 * about once a week. When the last span overlaps it, both are covered (campaigns with different
 * horizons then share one expansion), up to MAX_GROWN_SPAN_MS so a span does not grow without end.
 */
function spanFor(window: Interval, last: Interval | undefined): Interval {
  const aligned = {
    start: Math.floor(window.start / WEEK_MS) * WEEK_MS,
    end: Math.ceil(window.end / WEEK_MS) * WEEK_MS,
  };
  if (last === undefined || last.end < aligned.start || aligned.end < last.start) return aligned;
  const grown = { start: Math.min(last.start, aligned.start), end: Math.max(last.end, aligned.end) };
  return grown.end - grown.start <= MAX_GROWN_SPAN_MS ? grown : aligned;
}

function contains(outer: Interval, inner: Interval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Copies of the sorted intervals' parts inside the window: the cached ones are never handed out. */
function clip(sorted: readonly Interval[], window: Interval): Interval[] {
  const inside: Interval[] = [];
  for (const interval of sorted) {
    if (interval.start >= window.end) break;
    const start = Math.max(interval.start, window.start);
    const end = Math.min(interval.end, window.end);
    if (start < end) inside.push({ start, end });
  }
  return inside;
}

async function unreachableOnError<T>(path: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CalendarError('unreachable', `Cannot read calendar file ${path}: ${reason}`, {
      cause: error,
    });
  }
}

/** Prefixes a data error with the file it came from, so the operator knows which file to fix. */
function withPath<T>(path: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    throw new CalendarError(error.code, `${path}: ${error.message}`, { cause: error });
  }
}

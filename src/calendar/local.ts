import { readFile as fsReadFile, stat as fsStat } from 'node:fs/promises';
import type { HostConfig } from '../config/types.js';
import { mergeIntervals, type Interval } from '../core/interval.js';
import { busyFromParsed, parseIcs, type ParsedCalendar } from './ics-busy.js';
import { CalendarError, type CalendarProvider } from './provider.js';

export interface LocalCalendarOptions {
  readFile?: (path: string) => Promise<string>;
  /** Used to tell whether a file changed since it was last parsed. */
  stat?: (path: string) => Promise<{ mtimeMs: number; size: number }>;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  calendar: ParsedCalendar;
}

/**
 * Busy time from the .ics files named in each host's config. Files are checked on every call so
 * edits apply without a restart; a file is only re-read and re-parsed when its mtime or size
 * changed.
 */
export function createLocalCalendar(options: LocalCalendarOptions = {}): CalendarProvider {
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path, 'utf8'));
  const stat = options.stat ?? fsStat;
  const cache = new Map<string, CacheEntry>();

  async function load(path: string): Promise<ParsedCalendar> {
    const { mtimeMs, size } = await unreachableOnError(path, () => stat(path));
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.calendar;
    const text = await unreachableOnError(path, () => readFile(path));
    const calendar = withPath(path, () => parseIcs(text));
    cache.set(path, { mtimeMs, size, calendar });
    return calendar;
  }

  // The local calendar is read-only and keeps no state: the service's own bookings live in
  // its database (the caller merges them into busy time) and invites reach hosts by email,
  // so writing events is deliberately a no-op.
  const noWrite = async (): Promise<void> => {};

  return {
    async busy(host: HostConfig, window: Interval): Promise<Interval[]> {
      if (host.calendar.provider !== 'local') {
        throw new CalendarError('invalid_data', `${host.id} has no local calendar`);
      }
      const options = { defaultTimeZone: host.timeZone };
      const perFile = await Promise.all(
        host.calendar.icsFiles.map(async (path) => {
          const calendar = await load(path);
          return withPath(path, () => busyFromParsed(calendar, window, options));
        }),
      );
      return mergeIntervals(perFile.flat());
    },
    createEvent: noWrite,
    updateEvent: noWrite,
    cancelEvent: noWrite,
  };
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

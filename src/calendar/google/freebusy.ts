import { z } from 'zod';
import type { HostConfig } from '../../config/types.js';
import { mergeIntervals, overlaps, type Interval } from '../../core/interval.js';
import { credentialKey, googleCalendarOf, type AuthFor, type GoogleAuthClient } from './auth.js';
import { GoogleFailure, toCalendarError } from './errors.js';

/** One calendar in a free/busy reply: its busy time, or the reasons Google gave instead. */
export interface FreeBusyEntry {
  busy: Interval[];
  errors: string[];
}

/** One freebusy.query call (retries included) for up to `maxCalendarsPerQuery` calendars. */
export type FreeBusyQuery = (
  auth: GoogleAuthClient,
  window: Interval,
  calendarIds: string[],
) => Promise<Map<string, FreeBusyEntry>>;

export interface FreeBusyBatcherOptions {
  authFor: AuthFor;
  query: FreeBusyQuery;
  maxCalendarsPerQuery: number;
}

interface Waiter {
  host: HostConfig;
  calendarId: string;
  resolve: (busy: Interval[]) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  window: Interval;
  waiters: Waiter[];
}

const instant = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));
const freeBusyReply = z.object({
  calendars: z
    .record(
      z.string(),
      z.object({
        busy: z.array(z.object({ start: instant, end: instant })).optional(),
        errors: z.array(z.object({ reason: z.string() })).optional(),
      }),
    )
    .optional(),
});

/** Validates a freebusy.query reply; only the busy times and per-calendar errors are kept. */
export function parseFreeBusyReply(data: unknown): Map<string, FreeBusyEntry> {
  const parsed = freeBusyReply.safeParse(data);
  if (!parsed.success) throw new GoogleFailure('bad_reply', `unexpected free/busy reply: ${z.prettifyError(parsed.error)}`);
  return new Map(
    Object.entries(parsed.data.calendars ?? {}).map(([id, entry]) => [
      id,
      { busy: entry.busy ?? [], errors: (entry.errors ?? []).map((error) => error.reason) },
    ]),
  );
}

/**
 * busy() for many hosts at once: calls made in the same turn of the event loop (a Promise.all
 * over a team) for the same window and credential set become one freebusy.query per
 * `maxCalendarsPerQuery` calendars.
 *
 * Service-account hosts share a batch per key file: the query runs as the first host's rep, and
 * domain users see each other's free/busy. A host the borrowed identity cannot see (or whose
 * batch failed to sign in) is asked again alone, as itself, before it is called unreachable.
 */
export function createFreeBusyBatcher(options: FreeBusyBatcherOptions) {
  const open = new Map<string, Batch>();

  function busy(host: HostConfig, window: Interval): Promise<Interval[]> {
    return new Promise((resolve, reject) => {
      const calendarId = freeBusyCalendarId(host);
      const key = JSON.stringify([batchKey(host), window.start, window.end]);
      let batch = open.get(key);
      if (!batch) {
        const created: Batch = { window, waiters: [] };
        open.set(key, created);
        setImmediate(() => {
          open.delete(key);
          run(created).catch((error: unknown) => created.waiters.forEach((waiter) => waiter.reject(error)));
        });
        batch = created;
      }
      batch.waiters.push({ host, calendarId, resolve, reject });
    });
  }

  async function run({ window, waiters }: Batch): Promise<void> {
    const ids = [...new Set(waiters.map((waiter) => waiter.calendarId))];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += options.maxCalendarsPerQuery) {
      chunks.push(ids.slice(i, i + options.maxCalendarsPerQuery));
    }
    await Promise.all(
      chunks.map((chunk) => {
        const inChunk = new Set(chunk);
        return runChunk(window, chunk, waiters.filter((waiter) => inChunk.has(waiter.calendarId)));
      }),
    );
  }

  async function runChunk(window: Interval, calendarIds: string[], waiters: Waiter[]): Promise<void> {
    const auth = options.authFor((waiters[0] as Waiter).host);
    let reply: Map<string, FreeBusyEntry>;
    try {
      reply = await options.query(auth, window, calendarIds);
    } catch (error) {
      await Promise.all(
        waiters.map((waiter) =>
          borrows(waiter, auth) && isSignInFailure(error)
            ? alone(waiter, window)
            : waiter.reject(toCalendarError(waiter.host, 'reading free/busy', error)),
        ),
      );
      return;
    }
    await Promise.all(waiters.map((waiter) => settle(waiter, window, reply.get(waiter.calendarId), borrows(waiter, auth))));
  }

  async function settle(waiter: Waiter, window: Interval, entry: FreeBusyEntry | undefined, mayAskAlone: boolean) {
    if (entry && entry.errors.length === 0) {
      waiter.resolve(mergeIntervals(entry.busy.filter((interval) => overlaps(interval, window))));
    } else if (mayAskAlone) {
      await alone(waiter, window);
    } else {
      const why = entry ? `Google reported ${entry.errors.join(', ')} for it` : 'the reply does not mention it';
      waiter.reject(toCalendarError(waiter.host, 'reading free/busy', new GoogleFailure('calendar_error', why)));
    }
  }

  async function alone(waiter: Waiter, window: Interval): Promise<void> {
    try {
      const reply = await options.query(options.authFor(waiter.host), window, [waiter.calendarId]);
      await settle(waiter, window, reply.get(waiter.calendarId), false);
    } catch (error) {
      waiter.reject(toCalendarError(waiter.host, 'reading free/busy', error));
    }
  }

  function borrows(waiter: Waiter, auth: GoogleAuthClient): boolean {
    return options.authFor(waiter.host) !== auth;
  }

  return busy;
}

function isSignInFailure(error: unknown): boolean {
  return error instanceof GoogleFailure && ['auth', 'forbidden', 'credentials'].includes(error.kind);
}

/** Hosts whose queries may share one request. */
function batchKey(host: HostConfig): string {
  const { credentials } = googleCalendarOf(host);
  return credentials.kind === 'service_account'
    ? JSON.stringify(['service_account', credentials.keyFile])
    : credentialKey(credentials);
}

/**
 * "primary" means the signed-in user's calendar; in a shared service-account batch that user may
 * be another rep, so it is spelled out as the rep's address (a Workspace user's primary calendar
 * id is their email).
 */
function freeBusyCalendarId(host: HostConfig): string {
  const { calendarId, credentials } = googleCalendarOf(host);
  return calendarId === 'primary' && credentials.kind === 'service_account' ? credentials.subject : calendarId;
}

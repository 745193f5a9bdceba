import { setTimeout as delay } from 'node:timers/promises';
import { calendar } from '@googleapis/calendar';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { HostConfig } from '../../config/types.js';
import { createGoogleAuth, googleCalendarOf, type AuthFor, type GoogleAuthClient } from './auth.js';
import { GoogleFailure, toCalendarError } from './errors.js';
import { googleEventId, insertBody, patchBody } from './event-body.js';
import { createFreeBusyBatcher, parseFreeBusyReply } from './freebusy.js';
import { RETRY_DEFAULTS, withRetries, type RetryPolicy } from './retry.js';
import type { CalendarEvent, CalendarProvider } from '../provider.js';

/** freebusy.query answers for at most 50 calendars (its documented calendarExpansionMax). */
export const FREEBUSY_MAX_CALENDARS = 50;
/** One API request; retries come on top. */
const REQUEST_TIMEOUT_MS = 15_000;
const eventReply = z.object({ id: z.string() });

export interface GoogleCalendarOptions {
  /** Origin of the Google APIs, e.g. https://www.googleapis.com/ (GOOGLE_API_ROOT_URL). */
  rootUrl: string;
  /** OAuth token endpoint instead of Google's; ignored when `authFor` is given. */
  tokenUrl?: string;
  /** Clock for Retry-After dates. */
  now?: () => number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  maxCalendarsPerQuery?: number;
  /** The auth client for a host; by default one per credential set from the host's config. */
  authFor?: AuthFor;
}

/**
 * Google Calendar for hosts whose `calendar.provider` is `google`. Reads free/busy only (never
 * titles or attendees). Events are written with `sendUpdates: all`, so Google itself sends the
 * invitations, updates and cancellations to the attendees.
 */
export function createGoogleCalendar(options: GoogleCalendarOptions): CalendarProvider {
  // The library's own retries are off: they would sleep on the real clock and stack on ours.
  const api = calendar({ version: 'v3', rootUrl: options.rootUrl, retry: false, timeout: REQUEST_TIMEOUT_MS });
  const authFor = options.authFor ?? createGoogleAuth({ tokenUrl: options.tokenUrl });
  const policy: RetryPolicy = {
    ...RETRY_DEFAULTS,
    sleep: options.sleep ?? ((ms) => delay(ms)),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    logger: options.logger,
  };

  const busy = createFreeBusyBatcher({
    authFor,
    maxCalendarsPerQuery: Math.max(1, Math.min(options.maxCalendarsPerQuery ?? FREEBUSY_MAX_CALENDARS, FREEBUSY_MAX_CALENDARS)),
    query: async (auth, window, calendarIds) => {
      const reply = await withRetries(policy, { calendars: calendarIds.length }, () =>
        api.freebusy.query({
          auth,
          requestBody: {
            timeMin: new Date(window.start).toISOString(),
            timeMax: new Date(window.end).toISOString(),
            items: calendarIds.map((id) => ({ id })),
          },
        }),
      );
      return parseFreeBusyReply(reply.data);
    },
  });

  /** Runs one event write for a host; `accept` lists the failures that mean "already done". */
  async function write(
    host: HostConfig,
    action: string,
    accept: GoogleFailure['kind'][],
    call: (target: { auth: GoogleAuthClient; calendarId: string }) => Promise<unknown>,
  ): Promise<void> {
    const { calendarId } = googleCalendarOf(host);
    const target = { auth: authFor(host), calendarId };
    try {
      await withRetries(policy, { host: host.id, action }, () => call(target));
    } catch (error) {
      if (error instanceof GoogleFailure && accept.includes(error.kind)) {
        options.logger?.info({ host: host.id, action, failure: error.detail }, 'google calendar: already done');
        return;
      }
      throw toCalendarError(host, action, error);
    }
  }

  return {
    busy,

    // A 409 can only mean an earlier attempt of this insert got through (the id comes from the
    // uid), so the event is there as asked; patching it again would re-send the invitations.
    createEvent: (host: HostConfig, event: CalendarEvent) =>
      write(host, `creating event ${event.uid}`, ['duplicate'], async ({ auth, calendarId }) => {
        const conference = googleCalendarOf(host).conference && !event.hold;
        const requestBody = insertBody(host, event, conference);
        const reply = await api.events.insert({
          auth,
          calendarId,
          sendUpdates: updatesFor(event),
          ...(conference ? { conferenceDataVersion: 1 } : {}),
          requestBody,
        });
        expectEvent(reply.data, requestBody.id ?? '');
      }),

    updateEvent: (host: HostConfig, event: CalendarEvent) =>
      write(host, `updating event ${event.uid}`, [], async ({ auth, calendarId }) => {
        const eventId = googleEventId(event.uid);
        const reply = await api.events.patch({
          auth,
          calendarId,
          eventId,
          sendUpdates: updatesFor(event),
          requestBody: patchBody(host, event),
        });
        expectEvent(reply.data, eventId);
      }),

    // 404 and 410 mean the event is already gone, which is what a cancellation wants.
    cancelEvent: (host: HostConfig, event: CalendarEvent) =>
      write(host, `cancelling event ${event.uid}`, ['not_found', 'gone'], ({ auth, calendarId }) =>
        api.events.delete({ auth, calendarId, eventId: googleEventId(event.uid), sendUpdates: updatesFor(event) }),
      ),
  };
}

/** A write is only trusted when Google's reply is the event that was written. */
function expectEvent(data: unknown, eventId: string): void {
  const parsed = eventReply.safeParse(data);
  if (!parsed.success || parsed.data.id !== eventId) {
    throw new GoogleFailure('bad_reply', `the reply is not event ${eventId}: ${JSON.stringify(data).slice(0, 200)}`);
  }
}

/** Google mails every attendee about a change unless told not to: held times and quiet edits tell nobody. */
function updatesFor(event: CalendarEvent): 'all' | 'none' {
  return event.hold || event.quiet ? 'none' : 'all';
}

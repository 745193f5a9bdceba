import { createHash } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import { DateTime } from 'luxon';
import type { HostConfig } from '../../config/types.js';
import type { CalendarEvent } from '../provider.js';

/** RFC 4648 base32hex, lower case: exactly the characters Google allows in event ids (a-v, 0-9). */
const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/**
 * The Google event id for a booking: the SHA-256 of its uid in base32hex (52 characters; Google
 * wants 5-1024 of a-v and 0-9). The same uid always gives the same id, so a retried insert hits
 * "already exists" instead of making a second event.
 */
export function googleEventId(uid: string): string {
  const bytes = createHash('sha256').update(uid, 'utf8').digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The event as it is first written. Google makes the calendar's owner (the rep) the organizer,
 * so `event.organizer` is not sent (the API ignores it on insert). With `conference`, Google
 * adds a Meet link; the request id is derived from the uid so a retried insert asks for the same
 * conference rather than a new one.
 */
export function insertBody(host: HostConfig, event: CalendarEvent, conference: boolean): calendar_v3.Schema$Event {
  const id = googleEventId(event.uid);
  return {
    id,
    ...patchBody(host, event),
    ...(conference
      ? { conferenceData: { createRequest: { requestId: id, conferenceSolutionKey: { type: 'hangoutsMeet' } } } }
      : {}),
  };
}

/**
 * What a change writes: every field the service owns, with the caller's bumped sequence so
 * attendees' calendars take it as newer. Conference data is left as it is.
 */
export function patchBody(host: HostConfig, event: CalendarEvent): calendar_v3.Schema$Event {
  return {
    ...(event.hold ? { status: 'tentative', transparency: 'transparent' } : {}),
    summary: event.summary,
    description: event.description,
    // null clears a location on patch and is the same as leaving it out on insert.
    location: event.location,
    start: at(event.start, host.timeZone),
    end: at(event.end, host.timeZone),
    attendees: event.attendees.map((attendee) => ({
      email: attendee.email,
      ...(attendee.name ? { displayName: attendee.name } : {}),
    })),
    sequence: event.sequence,
  };
}

/** RFC 3339 with the host's offset, and the zone itself so Google shows it in the rep's zone. */
function at(ms: number, timeZone: string): calendar_v3.Schema$EventDateTime {
  return { dateTime: DateTime.fromMillis(ms, { zone: timeZone }).toISO({ suppressMilliseconds: true }), timeZone };
}

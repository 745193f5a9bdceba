import type { CalendarEvent } from './provider.js';
import { escapeText, icsText, mailto, paramValue, utcDateTime } from './ics-text.js';

export interface InviteInput {
  method: 'REQUEST' | 'CANCEL';
  event: CalendarEvent;
  /**
   * The host's zone. Times are written in UTC ('Z' form): every client reads that without a
   * VTIMEZONE and shows it in the reader's own zone, so this is not needed to encode them.
   */
  timeZone: string;
  prodId?: string;
  /** DTSTAMP in epoch ms; defaults to now. */
  stamp?: number;
}

const DEFAULT_PROD_ID = '-//campaign-agent//campaign-agent//EN';

/** An RFC 5545 / iTIP (RFC 5546) invitation or cancellation with one VEVENT. */
export function buildInvite(input: InviteInput): string {
  const { method, event } = input;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(input.prodId ?? DEFAULT_PROD_ID)}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utcDateTime(input.stamp ?? Date.now())}`,
    `DTSTART:${utcDateTime(event.start)}`,
    `DTEND:${utcDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    `ORGANIZER;CN=${paramValue(event.organizer.name)}:${mailto(event.organizer.email)}`,
    ...event.attendees.map(
      (a) =>
        `ATTENDEE${a.name ? `;CN=${paramValue(a.name)}` : ''}` +
        `;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:${mailto(a.email)}`,
    ),
    `STATUS:${method === 'REQUEST' ? 'CONFIRMED' : 'CANCELLED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return icsText(lines);
}

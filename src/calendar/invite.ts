import type { CalendarEvent } from './provider.js';

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

/**
 * An RFC 5545 / iTIP (RFC 5546) invitation or cancellation with one VEVENT. Written by hand rather
 * than with ical-generator: names come from prospects' mail headers, and the generator
 * backslash-escapes quotes inside quoted parameters (not valid iCalendar), which lets a crafted
 * display name break out of CN=.
 */
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
  return lines.map((line) => `${foldLine(line)}\r\n`).join('');
}

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; other controls dropped. */
function escapeText(value: string): string {
  return stripControls(value.replace(/\r\n|\r/g, '\n'), '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * A parameter value is always quoted (names hold commas, colons, semicolons). A quoted value can
 * contain no DQUOTE and has no escape for one, so quotes become apostrophes.
 */
function paramValue(value: string): string {
  return `"${stripControls(value, '').replace(/"/g, "'")}"`;
}

function mailto(email: string): string {
  // A line break here would let the address inject properties into the invite.
  if (/[\s\p{Cc}]/u.test(email)) {
    throw new RangeError(`Invalid email address for invite: ${JSON.stringify(email)}`);
  }
  return `mailto:${email}`;
}

/** Drops control characters (other than tab and `allowed`), which iCalendar values may not hold. */
function stripControls(value: string, allowed: string): string {
  return [...value].filter((c) => c === '\t' || allowed.includes(c) || !/\p{Cc}/u.test(c)).join('');
}

function utcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 3.1), continuation lines
 * starting with a space. Splits between code points so no UTF-8 sequence is cut in two.
 */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CalendarEvent } from '../provider.js';
import { CalendarError } from '../provider.js';
import { escapeText, icsText, mailto, paramValue, utcDateTime } from '../ics-text.js';

const PROD_ID = '-//campaign-agent//held times//EN';

/**
 * The times held for a rep's leads as one .ics file (a local calendar's `holds_file`), for a
 * calendar app to subscribe to. The whole file is written each time, to a temporary name and
 * renamed over the old one, so a reader never sees half a calendar. Every event is TENTATIVE and
 * TRANSPARENT: it shows the time as spoken for without making it busy (the service's own reader
 * skips it too, so the file may sit among the rep's `ics:` files).
 */
export async function writeHoldFile(path: string, events: CalendarEvent[], stamp: number): Promise<void> {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PROD_ID}`,
    'CALSCALE:GREGORIAN',
    'X-WR-CALNAME:Held for leads',
    ...events.flatMap((event) => [
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${utcDateTime(stamp)}`,
      `DTSTART:${utcDateTime(event.start)}`,
      `DTEND:${utcDateTime(event.end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `ORGANIZER;CN=${paramValue(event.organizer.name)}:${mailto(event.organizer.email)}`,
      'STATUS:TENTATIVE',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, icsText(lines));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new CalendarError('unreachable', `cannot write the held times to ${path}: ${(error as Error).message}`, { cause: error });
  }
}

import { describe, expect, it } from 'vitest';
import { busyFromIcs } from './ics-busy.js';
import { CalendarError } from '../provider.js';

const LONDON_VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19700329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`;

/** Wraps event bodies (one string per VEVENT) into a CRLF calendar. */
function ics(...events: string[]): string {
  const body = events.map((e) => `BEGIN:VEVENT\n${e.trim()}\nEND:VEVENT`).join('\n');
  const text = `BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n${LONDON_VTIMEZONE}\n${body}\nEND:VCALENDAR\n`;
  return text.replace(/\n/g, '\r\n');
}

const ms = (iso: string): number => Date.parse(iso);
const win = (start: string, end: string) => ({ start: ms(start), end: ms(end) });
const iso = (intervals: Array<{ start: number; end: number }>) =>
  intervals.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()]);
const busy = (text: string, window: ReturnType<typeof win>, zone = 'Europe/London') =>
  iso(busyFromIcs(text, window, { defaultTimeZone: zone }));

function invalidDataError(action: () => unknown): CalendarError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as CalendarError).code).toBe('invalid_data');
    return error as CalendarError;
  }
  throw new Error('expected a CalendarError');
}

describe('busyFromIcs: time zones', () => {
  it('keeps a weekly 09:00 London meeting at 09:00 local across both DST changes', () => {
    const text = ics(`UID:dst
DTSTART;TZID=Europe/London:20250106T090000
DTEND;TZID=Europe/London:20250106T100000
RRULE:FREQ=WEEKLY;BYDAY=MO`);
    expect(busy(text, win('2026-03-23T00:00:00Z', '2026-04-01T00:00:00Z'))).toEqual([
      ['2026-03-23T09:00:00.000Z', '2026-03-23T10:00:00.000Z'],
      ['2026-03-30T08:00:00.000Z', '2026-03-30T09:00:00.000Z'],
    ]);
    expect(busy(text, win('2026-10-19T00:00:00Z', '2026-10-28T00:00:00Z'))).toEqual([
      ['2026-10-19T08:00:00.000Z', '2026-10-19T09:00:00.000Z'],
      ['2026-10-26T09:00:00.000Z', '2026-10-26T10:00:00.000Z'],
    ]);
  });

  it('resolves an IANA TZID that has no VTIMEZONE in the file', () => {
    const text = ics(`UID:ny
DTSTART;TZID=America/New_York:20250106T090000
DTEND;TZID=America/New_York:20250106T093000
RRULE:FREQ=WEEKLY;BYDAY=MO`);
    expect(busy(text, win('2026-10-26T00:00:00Z', '2026-11-03T00:00:00Z'))).toEqual([
      ['2026-10-26T13:00:00.000Z', '2026-10-26T13:30:00.000Z'],
      ['2026-11-02T14:00:00.000Z', '2026-11-02T14:30:00.000Z'],
    ]);
  });

  it('reads floating times in the host zone', () => {
    const text = ics(`UID:float\nDTSTART:20261124T100000\nDTEND:20261124T110000`);
    const window = win('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z');
    expect(busy(text, window, 'America/Chicago')).toEqual([
      ['2026-11-24T16:00:00.000Z', '2026-11-24T17:00:00.000Z'],
    ]);
    expect(busy(text, window, 'Asia/Tokyo')).toEqual([
      ['2026-11-24T01:00:00.000Z', '2026-11-24T02:00:00.000Z'],
    ]);
  });

  it('blocks all-day events from midnight to midnight in the host zone', () => {
    const text = ics(
      `UID:multi\nDTSTART;VALUE=DATE:20261124\nDTEND;VALUE=DATE:20261127`,
      `UID:single\nDTSTART;VALUE=DATE:20261130`,
    );
    expect(busy(text, win('2026-11-20T00:00:00Z', '2026-12-05T00:00:00Z'), 'Europe/Berlin')).toEqual([
      ['2026-11-23T23:00:00.000Z', '2026-11-26T23:00:00.000Z'],
      ['2026-11-29T23:00:00.000Z', '2026-11-30T23:00:00.000Z'],
    ]);
  });
});

describe('busyFromIcs: recurrence', () => {
  const weekly = `UID:weekly
DTSTART:20261103T100000Z
DTEND:20261103T110000Z
RRULE:FREQ=WEEKLY;BYDAY=TU`;

  it('follows RECURRENCE-ID overrides wherever the instance moved', () => {
    const text = ics(
      weekly,
      `UID:weekly\nRECURRENCE-ID:20261124T100000Z\nDTSTART:20261126T150000Z\nDTEND:20261126T160000Z`,
      // An instance from after the window, moved into it.
      `UID:weekly\nRECURRENCE-ID:20261201T100000Z\nDTSTART:20261127T080000Z\nDTEND:20261127T083000Z`,
    );
    expect(busy(text, win('2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z'))).toEqual([
      ['2026-11-26T15:00:00.000Z', '2026-11-26T16:00:00.000Z'],
      ['2026-11-27T08:00:00.000Z', '2026-11-27T08:30:00.000Z'],
    ]);
    expect(busy(text, win('2026-11-30T00:00:00Z', '2026-12-09T00:00:00Z'))).toEqual([
      ['2026-12-08T10:00:00.000Z', '2026-12-08T11:00:00.000Z'],
    ]);
  });

  it('frees an instance cancelled by an override, without touching other series', () => {
    const text = ics(
      weekly,
      `UID:other\nDTSTART:20261103T103000Z\nDTEND:20261103T113000Z\nRRULE:FREQ=WEEKLY`,
      `UID:weekly\nRECURRENCE-ID:20261124T100000Z\nDTSTART:20261124T100000Z\nDTEND:20261124T110000Z\nSTATUS:CANCELLED`,
    );
    expect(busy(text, win('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z'))).toEqual([
      ['2026-11-24T10:30:00.000Z', '2026-11-24T11:30:00.000Z'],
    ]);
  });

  it('applies every EXDATE, including ones that match no occurrence, and DATE-valued ones', () => {
    const text = ics(`UID:daily
DTSTART:20261123T090000Z
DTEND:20261123T091500Z
RRULE:FREQ=DAILY;COUNT=5
EXDATE:20261123T100000Z,20261124T090000Z
EXDATE;VALUE=DATE:20261126`);
    expect(busy(text, win('2026-11-23T00:00:00Z', '2026-12-01T00:00:00Z'))).toEqual([
      ['2026-11-23T09:00:00.000Z', '2026-11-23T09:15:00.000Z'],
      ['2026-11-25T09:00:00.000Z', '2026-11-25T09:15:00.000Z'],
      ['2026-11-27T09:00:00.000Z', '2026-11-27T09:15:00.000Z'],
    ]);
  });

  it('adds RDATEs and honours UNTIL', () => {
    const text = ics(`UID:rdate
DTSTART:20261123T120000Z
DTEND:20261123T130000Z
RRULE:FREQ=DAILY;UNTIL=20261124T120000Z
RDATE:20261127T120000Z`);
    expect(busy(text, win('2026-11-23T00:00:00Z', '2026-12-01T00:00:00Z'))).toEqual([
      ['2026-11-23T12:00:00.000Z', '2026-11-23T13:00:00.000Z'],
      ['2026-11-24T12:00:00.000Z', '2026-11-24T13:00:00.000Z'],
      ['2026-11-27T12:00:00.000Z', '2026-11-27T13:00:00.000Z'],
    ]);
  });

  it('stops with invalid_data instead of hanging on a runaway rule', () => {
    const text = ics(`UID:runaway\nDTSTART:20250101T000000Z\nDTEND:20250101T000001Z\nRRULE:FREQ=SECONDLY`);
    const error = invalidDataError(() => busy(text, win('2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z')));
    expect(error.message).toMatch(/runaway.*100000/);
  });

  it('expands a dense rule when the window is near its start', () => {
    const text = ics(`UID:minutely\nDTSTART:20261123T090000Z\nDTEND:20261123T090100Z\nRRULE:FREQ=MINUTELY;INTERVAL=2`);
    const result = busyFromIcs(text, win('2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z'), {
      defaultTimeZone: 'UTC',
    });
    expect(result).toHaveLength(30);
  });
});

describe('busyFromIcs: what counts as busy', () => {
  it('ignores transparent and cancelled events', () => {
    const text = ics(
      `UID:free\nDTSTART:20261124T090000Z\nDTEND:20261124T100000Z\nTRANSP:TRANSPARENT`,
      `UID:gone\nDTSTART:20261124T110000Z\nDTEND:20261124T120000Z\nSTATUS:CANCELLED`,
      `UID:maybe\nDTSTART:20261124T130000Z\nDTEND:20261124T140000Z\nSTATUS:TENTATIVE`,
    );
    expect(busy(text, win('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z'))).toEqual([
      ['2026-11-24T13:00:00.000Z', '2026-11-24T14:00:00.000Z'],
    ]);
  });

  it('merges overlapping events and clips to the window', () => {
    const text = ics(
      `UID:a\nDTSTART:20261124T080000Z\nDTEND:20261124T100000Z`,
      `UID:b\nDTSTART:20261124T093000Z\nDTEND:20261124T110000Z`,
      `UID:c\nDTSTART:20261124T110000Z\nDTEND:20261124T113000Z`,
      `UID:d\nDTSTART:20261124T150000Z\nDURATION:PT4H`,
      `UID:outside\nDTSTART:20261125T090000Z\nDTEND:20261125T100000Z`,
    );
    expect(busy(text, win('2026-11-24T09:00:00Z', '2026-11-24T17:00:00Z'))).toEqual([
      ['2026-11-24T09:00:00.000Z', '2026-11-24T11:30:00.000Z'],
      ['2026-11-24T15:00:00.000Z', '2026-11-24T17:00:00.000Z'],
    ]);
  });

  it('returns nothing for a calendar without events', () => {
    expect(busy(ics(), win('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z'))).toEqual([]);
  });
});

describe('busyFromIcs: invalid data', () => {
  const window = win('2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z');
  const cases: Array<[string, string, RegExp]> = [
    ['empty text', '', /no VCALENDAR/],
    ['garbage', 'hello world', /not valid iCalendar/],
    ['unterminated calendar', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n', /not valid iCalendar/],
    ['bare VEVENT', 'BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n', /expected VCALENDAR, found VEVENT/],
    ['bad RRULE', ics('UID:r\nDTSTART:20261124T090000Z\nRRULE:FREQ=BOGUS'), /invalid frequency/],
    ['missing DTSTART', ics('UID:nostart\nSUMMARY:x'), /"nostart".*DTSTART is missing/],
    ['bad DTSTART', ics('UID:baddate\nDTSTART:tomorrow'), /"baddate"/],
    ['end before start', ics('UID:back\nDTSTART:20261124T100000Z\nDTEND:20261124T090000Z'), /"back".*before/],
  ];
  it.each(cases)('rejects %s', (_name, text, message) => {
    expect(invalidDataError(() => busy(text, window)).message).toMatch(message);
  });
});

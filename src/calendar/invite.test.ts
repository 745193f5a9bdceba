import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildInvite } from './invite.js';
import type { CalendarEvent } from './provider.js';

const DESCRIPTION =
  'Hi Jo, thanks; looking forward to it.\nAgenda:\r\n1) intro, 2) demo\\Q&A\n' +
  'Ünïcödé façade — 日本語のテキストも折り返しで壊れないこと 🎉🎉🎉 '.repeat(3);

const EVENT: CalendarEvent = {
  uid: 'booking-42@agent.acme.example',
  sequence: 3,
  start: Date.parse('2026-11-24T14:30:00Z'),
  end: Date.parse('2026-11-24T15:00:00Z'),
  summary: 'Intro call: Acme, Inc. <> Jo',
  description: DESCRIPTION,
  location: 'Zoom; https://zoom.example/j/123',
  organizer: { name: 'Alice Hart', email: 'alice@acme.example' },
  attendees: [
    { name: 'Jo "JJ" O\'Neil, CTO;Boss:x', email: 'jo@prospect.example' },
    { name: null, email: 'cfo@prospect.example' },
  ],
};
const STAMP = Date.parse('2026-11-20T10:00:00Z');

function build(method: 'REQUEST' | 'CANCEL', event: CalendarEvent = EVENT): string {
  return buildInvite({ method, event, timeZone: 'Europe/London', stamp: STAMP });
}

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevents = calendar.getAllSubcomponents('vevent');
  expect(vevents).toHaveLength(1);
  return { calendar, vevent: vevents[0]! };
}

describe('buildInvite', () => {
  it('writes a REQUEST whose every property parses back', () => {
    const { calendar, vevent } = parse(build('REQUEST'));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//campaign-agent//campaign-agent//EN');

    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe(EVENT.uid);
    expect(event.sequence).toBe(3);
    expect(event.summary).toBe(EVENT.summary);
    expect(event.description).toBe(DESCRIPTION.replace(/\r\n/g, '\n'));
    expect(event.location).toBe(EVENT.location);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toUnixTime() * 1000).toBe(STAMP);
    expect(event.startDate.toUnixTime() * 1000).toBe(EVENT.start);
    expect(event.endDate.toUnixTime() * 1000).toBe(EVENT.end);
    expect(event.startDate.zone).toBe(ICAL.Timezone.utcTimezone);
  });

  it('names the organizer and invites every attendee for a reply', () => {
    const { vevent } = parse(build('REQUEST'));
    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:alice@acme.example');
    expect(organizer.getParameter('cn')).toBe('Alice Hart');

    const attendees = vevent.getAllProperties('attendee');
    expect(attendees.map((a) => a.getFirstValue())).toEqual([
      'mailto:jo@prospect.example',
      'mailto:cfo@prospect.example',
    ]);
    // A quote cannot appear in a quoted parameter, so it becomes an apostrophe; nothing leaks out.
    expect(attendees[0]!.getParameter('cn')).toBe("Jo 'JJ' O'Neil, CTO;Boss:x");
    expect(attendees[1]!.getParameter('cn')).toBeUndefined();
    for (const attendee of attendees) {
      expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
      expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
      expect(attendee.getParameter('rsvp')).toBe('TRUE');
      expect(Object.keys(attendee.toJSON()[1] as object).sort()).toEqual(
        attendee.getParameter('cn') ? ['cn', 'partstat', 'role', 'rsvp'] : ['partstat', 'role', 'rsvp'],
      );
    }
  });

  it('writes a CANCEL with the same UID and STATUS:CANCELLED', () => {
    const { calendar, vevent } = parse(build('CANCEL', { ...EVENT, sequence: 4 }));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(vevent.getFirstPropertyValue('uid')).toBe(EVENT.uid);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(4);
  });

  it('leaves LOCATION out when there is none and honours a custom PRODID', () => {
    const text = buildInvite({
      method: 'REQUEST',
      event: { ...EVENT, location: null },
      timeZone: 'UTC',
      prodId: '-//Acme//Scheduler 1.0//EN',
    });
    const { calendar, vevent } = parse(text);
    expect(vevent.hasProperty('location')).toBe(false);
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Acme//Scheduler 1.0//EN');
    expect(text).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
  });

  it('escapes TEXT values and folds lines at 75 octets without splitting characters', () => {
    const text = build('REQUEST');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const physical = text.split('\r\n').slice(0, -1);
    for (const line of physical) {
      const bytes = Buffer.from(line, 'utf8');
      expect(bytes.length).toBeLessThanOrEqual(75);
      expect(bytes.toString('utf8')).not.toContain('\uFFFD');
    }
    expect(physical.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);

    const unfolded = text.replace(/\r\n /g, '');
    const description = unfolded.split('\r\n').find((l) => l.startsWith('DESCRIPTION:'));
    expect(description).toBe(
      'DESCRIPTION:Hi Jo\\, thanks\\; looking forward to it.\\nAgenda:\\n1) intro\\, 2) demo\\\\Q&A\\n' +
        'Ünïcödé façade — 日本語のテキストも折り返しで壊れないこと 🎉🎉🎉 '.repeat(3),
    );
    expect(unfolded).toContain('\r\nLOCATION:Zoom\\; https://zoom.example/j/123\r\n');
    expect(unfolded).toContain('\r\nSUMMARY:Intro call: Acme\\, Inc. <> Jo\r\n');
  });

  it('refuses an email address that could inject lines', () => {
    const attendees = [{ name: 'x', email: 'x@example.com\r\nATTENDEE:mailto:evil@example.com' }];
    expect(() => build('REQUEST', { ...EVENT, attendees })).toThrow(RangeError);
  });
});

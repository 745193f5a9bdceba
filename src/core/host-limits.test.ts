import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { at, span, testBooking, testCampaign, testHost } from '../../test/support/scenario.js';
import type { MeetingCaps } from '../config/types.js';
import { availableSince, blockedTime, capFilter, type BookingStatus } from './host-limits.js';
import type { Interval } from './interval.js';

const HOUR = 3_600_000;
const NO_CAPS: MeetingCaps = { perDay: null, perWeek: null };
const utc = (spans: Interval[]): string[][] => spans.map((s) => [iso(s.start), iso(s.end)]);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 16);

describe('blockedTime', () => {
  const window = span('2026-01-01T00:00', '2027-01-01T00:00');
  it.each([
    ['London spring forward: a 23-hour day', 'Europe/London', '2026-03-29', ['2026-03-29T00:00', '2026-03-29T23:00']],
    ['London fall back: a 25-hour day', 'Europe/London', '2026-10-25', ['2026-10-24T23:00', '2026-10-26T00:00']],
    ['Santiago skips midnight: the day starts at 01:00', 'America/Santiago', '2026-09-06', ['2026-09-06T04:00', '2026-09-07T03:00']],
    ['Kathmandu (+05:45)', 'Asia/Kathmandu', '2026-01-06', ['2026-01-05T18:15', '2026-01-06T18:15']],
    ['Chatham in summer (+13:45)', 'Pacific/Chatham', '2026-01-06', ['2026-01-05T10:15', '2026-01-06T10:15']],
    ['Lord Howe moves 30 minutes: a 23.5-hour day', 'Australia/Lord_Howe', '2026-10-04', ['2026-10-03T13:30', '2026-10-04T13:00']],
  ])('a day off is the whole local day: %s', (_name, timeZone, day, expected) => {
    expect(utc(blockedTime(testHost({ id: 'a', timeZone, daysOff: [day] }), window))).toEqual([expected]);
  });

  it('keeps what touches the window, merges days off with time off, drops empty time off', () => {
    const host = testHost({
      id: 'a',
      timeZone: 'America/New_York',
      daysOff: ['2026-07-03', '2025-12-25', '2026-07-06'],
      timeOff: [span('2026-07-06T20:00', '2026-07-08T12:00'), span('2026-07-10T00:00', '2026-07-09T00:00')],
    });
    expect(utc(blockedTime(host, span('2026-07-01T00:00', '2026-07-15T00:00')))).toEqual([
      ['2026-07-03T04:00', '2026-07-04T04:00'],
      ['2026-07-06T04:00', '2026-07-08T12:00'],
    ]);
  });

  it('finds a day off by its local day, which may begin on the UTC day before', () => {
    // Kiritimati (+14): local 2026-01-06 begins 2026-01-05T10:00Z.
    const host = testHost({ id: 'a', timeZone: 'Pacific/Kiritimati', daysOff: ['2026-01-06'] });
    expect(utc(blockedTime(host, span('2026-01-05T12:00', '2026-01-05T13:00')))).toEqual([['2026-01-05T10:00', '2026-01-06T10:00']]);
  });

  it.each([
    ['not an ISO date', { daysOff: ['24/12/2026'] }, /ISO date/],
    ['an impossible date', { daysOff: ['2026-02-30'] }, /ISO date/],
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, /Unknown time zone/],
  ])('refuses %s', (_name, partial, message) => {
    expect(() => blockedTime(testHost({ id: 'a', ...partial }), window)).toThrow(message);
  });
});

describe('availableSince', () => {
  const now = at('2026-03-10T12:00');
  it.each([
    ['nothing known', [], null, null],
    ['joined', [], at('2026-03-01T00:00'), at('2026-03-01T00:00')],
    ['back from leave after joining', [span('2026-03-02T00:00', '2026-03-06T00:00')], at('2026-02-01T00:00'), at('2026-03-06T00:00')],
    ['leave before joining does not count', [span('2026-01-02T00:00', '2026-01-06T00:00')], at('2026-02-01T00:00'), at('2026-02-01T00:00')],
    ['the latest of several', [span('2026-03-08T00:00', '2026-03-09T00:00'), span('2026-02-01T00:00', '2026-02-03T00:00')], null, at('2026-03-09T00:00')],
    ['leave still running is not a return', [span('2026-03-09T00:00', '2026-03-12T00:00')], null, null],
    ['leave to come is not a return', [span('2026-04-01T00:00', '2026-04-12T00:00')], null, null],
  ])('%s', (_name, timeOff, joinedAt, expected) => {
    expect(availableSince({ timeOff, joinedAt, now })).toBe(expected);
  });
});

describe('capFilter', () => {
  const THIS = 'campaign@meet.acme.example';
  const OTHER = 'other@meet.acme.example';
  interface Case {
    name: string;
    zone: string;
    host?: MeetingCaps;
    campaign?: MeetingCaps;
    /** Local start, campaign, status. */
    bookings: Array<[string, string, BookingStatus?]>;
    /** Local slot starts; the expected ones are those kept. */
    slots: string[];
    kept: string[];
  }
  const cases: Case[] = [
    {
      name: 'no caps: nothing removed',
      zone: 'America/New_York',
      bookings: [['2026-03-03T10:00', THIS], ['2026-03-03T11:00', THIS]],
      slots: ['2026-03-03T15:00', '2026-03-04T10:00'],
      kept: ['2026-03-03T15:00', '2026-03-04T10:00'],
    },
    {
      name: 'per rep per day counts every campaign',
      zone: 'America/New_York',
      host: { perDay: 2, perWeek: null },
      bookings: [['2026-03-03T10:00', THIS], ['2026-03-03T11:00', OTHER]],
      slots: ['2026-03-02T16:00', '2026-03-03T09:00', '2026-03-03T23:30', '2026-03-04T00:00'],
      kept: ['2026-03-02T16:00', '2026-03-04T00:00'],
    },
    {
      name: 'per rep per campaign ignores other campaigns',
      zone: 'America/New_York',
      campaign: { perDay: 1, perWeek: null },
      bookings: [['2026-03-03T10:00', OTHER], ['2026-03-04T10:00', THIS]],
      slots: ['2026-03-03T15:00', '2026-03-04T15:00', '2026-03-05T15:00'],
      kept: ['2026-03-03T15:00', '2026-03-05T15:00'],
    },
    {
      name: 'cancelled meetings do not count, no-shows do',
      zone: 'UTC',
      host: { perDay: 1, perWeek: null },
      bookings: [['2026-03-03T10:00', THIS, 'cancelled'], ['2026-03-04T10:00', THIS, 'no_show']],
      slots: ['2026-03-03T15:00', '2026-03-04T15:00'],
      kept: ['2026-03-03T15:00'],
    },
    {
      name: 'per week in the ISO week (Mon–Sun) holding a DST change, by the local start',
      zone: 'Europe/London',
      host: { perDay: null, perWeek: 3 },
      bookings: [['2026-03-23T10:00', THIS], ['2026-03-25T10:00', OTHER], ['2026-03-29T22:30', THIS]],
      slots: ['2026-03-22T23:30', '2026-03-23T00:00', '2026-03-27T16:00', '2026-03-29T23:30', '2026-03-30T00:30'],
      kept: ['2026-03-22T23:30', '2026-03-30T00:30'],
    },
    {
      name: 'per campaign per week, the week after the change unaffected',
      zone: 'Europe/London',
      campaign: { perDay: null, perWeek: 2 },
      bookings: [['2026-03-23T10:00', THIS], ['2026-03-29T10:00', THIS], ['2026-03-30T10:00', OTHER]],
      slots: ['2026-03-24T10:00', '2026-03-31T10:00'],
      kept: ['2026-03-31T10:00'],
    },
    {
      name: 'the local day, not the UTC day: Monday 09:00 in Auckland is Sunday in UTC',
      zone: 'Pacific/Auckland',
      host: { perDay: 1, perWeek: null },
      bookings: [['2026-03-02T09:00', THIS]],
      slots: ['2026-03-01T16:00', '2026-03-02T15:00', '2026-03-03T09:00'],
      kept: ['2026-03-01T16:00', '2026-03-03T09:00'],
    },
    {
      name: 'a day whose midnight is skipped (Santiago) is capped from its first instant to the next midnight',
      zone: 'America/Santiago',
      host: { perDay: 1, perWeek: null },
      bookings: [['2026-09-06T10:00', THIS]],
      slots: ['2026-09-05T23:30', '2026-09-06T01:00', '2026-09-06T23:30', '2026-09-07T00:00'],
      kept: ['2026-09-05T23:30', '2026-09-07T00:00'],
    },
    {
      name: 'a cap of 0 allows nothing',
      zone: 'UTC',
      campaign: { perDay: null, perWeek: 0 },
      bookings: [],
      slots: ['2026-03-03T15:00'],
      kept: [],
    },
  ];

  it.each(cases)('$name', ({ zone, host, campaign, bookings, slots, kept }) => {
    const local = (text: string): number => DateTime.fromISO(text, { zone }).toMillis();
    const result = capFilter({
      slots: slots.map((s) => ({ start: local(s), end: local(s) + HOUR / 2 })),
      host: testHost({ id: 'a', timeZone: zone, caps: host ?? NO_CAPS }),
      campaign: testCampaign({ hostIds: ['a'], meeting: { ...testCampaign({ hostIds: ['a'] }).meeting, capsPerHost: campaign ?? NO_CAPS } }),
      bookings: bookings.map(([start, address, status]) => testBooking({ hostId: 'a', start: local(start), campaign: address, status: status ?? 'confirmed' })),
    });
    expect(result.slots.map((s) => DateTime.fromMillis(s.start, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"))).toEqual(kept);
  });

  it('ignores other hosts and reports each period at cap as data', () => {
    const result = capFilter({
      slots: [span('2026-03-03T15:00', '2026-03-03T15:30')],
      host: testHost({ id: 'a', caps: { perDay: 1, perWeek: 5 } }),
      campaign: testCampaign({ hostIds: ['a'] }),
      bookings: [testBooking({ hostId: 'b', start: at('2026-03-03T10:00') }), testBooking({ hostId: 'a', start: at('2026-03-02T10:00') })],
    });
    expect(result.slots).toHaveLength(1);
    expect(result.hits).toEqual([
      { scope: 'host', period: 'day', start: at('2026-03-02T00:00'), end: at('2026-03-03T00:00'), count: 1, cap: 1 },
    ]);
  });
});

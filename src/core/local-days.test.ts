import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDays, weekdayIndex } from './local-days.js';

const DAY = 86_400_000;
/** Zones with DST at midnight, 30-minute DST, :45 offsets, both hemispheres, and Ramadan changes. */
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Pacific/Auckland',
  'Africa/Casablanca',
  'Asia/Tehran',
];
const YEAR_2026 = { min: Date.parse('2026-01-01T00:00Z'), max: Date.parse('2027-01-01T00:00Z') };

describe('localDays', () => {
  it('agrees with luxon on the local day of an instant; that day starts at its first instant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer(YEAR_2026), (name, instant) => {
        const days = localDays(IANAZone.create(name));
        const local = DateTime.fromMillis(instant, { zone: name });
        const day = days.dayOf(instant);
        expect(new Date(day * DAY).toISOString().slice(0, 10)).toBe(local.toISODate());
        // Not luxon's startOf('day'): where midnight repeats (Havana in November) luxon takes the
        // second one, but the hour before it already shows the new date.
        const start = days.dayStart(day);
        expect(start).toBeLessThanOrEqual(instant);
        expect([days.dayOf(start), days.dayOf(start - 1)]).toEqual([day, day - 1]);
        expect(DateTime.fromMillis(start - 1, { zone: name }).toISODate()).not.toBe(local.toISODate());
        expect(weekdayIndex(day)).toBe(local.weekday - 1);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['Santiago skips midnight: the day starts at 01:00', 'America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z', 23],
    ['Santiago repeats the hour before midnight: the day starts once', 'America/Santiago', '2026-04-05', '2026-04-05T04:00:00.000Z', 24],
    ['Havana repeats midnight: the day starts at the first one', 'America/Havana', '2026-11-01', '2026-11-01T04:00:00.000Z', 25],
    ['Lord Howe moves 30 minutes', 'Australia/Lord_Howe', '2026-10-04', '2026-10-03T13:30:00.000Z', 23.5],
    ['London falls back', 'Europe/London', '2026-10-25', '2026-10-24T23:00:00.000Z', 25],
  ])('%s', (_name, zone, date, start, hours) => {
    const day = Date.parse(`${date}T00:00Z`) / DAY;
    const days = localDays(IANAZone.create(zone));
    expect(new Date(days.dayStart(day)).toISOString()).toBe(start);
    expect((days.dayStart(day + 1) - days.dayStart(day)) / 3_600_000).toBe(hours);
  });
});

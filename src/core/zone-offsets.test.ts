import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneOffsets } from './zone-offsets.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** DST at midnight, 30-minute DST, :45 offsets, both hemispheres, Ramadan changes, historic second offsets. */
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Africa/Casablanca',
  'Asia/Tehran',
  'Europe/Amsterdam',
];
const offsets = (name: string) => zoneOffsets(IANAZone.create(name));
const at = (iso: string): number => Date.parse(iso);
const isoOf = (instant: number): string => new Date(instant).toISOString();

describe('zoneOffsets', () => {
  it('agrees with luxon on the offset of any instant, 1900 to 2100', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: at('1900-01-01T00:00Z'), max: at('2100-01-01T00:00Z') }), (name, instant) => {
        expect(offsets(name).offsetAt(instant)).toBe(Math.round(IANAZone.create(name).offset(instant) * 60_000));
      }),
      { numRuns: 3000 },
    );
  });

  it('puts a transition at its exact second, the offsets either side of it', () => {
    const newYork = offsets('America/New_York');
    const change = at('2026-03-08T07:00:00Z');
    expect([newYork.offsetAt(change - 1), newYork.offsetAt(change)]).toEqual([-5 * HOUR, -4 * HOUR]);
    expect(newYork.segments(at('2026-03-01T00:00Z'), at('2026-11-30T00:00Z'))).toEqual([
      { start: at('2026-03-01T00:00Z'), offset: -5 * HOUR },
      { start: change, offset: -4 * HOUR },
      { start: at('2026-11-01T06:00Z'), offset: -5 * HOUR },
    ]);
  });

  it('gives one segment where the offset does not change', () => {
    expect(offsets('Asia/Kathmandu').segments(at('2026-01-01T00:00Z'), at('2026-12-31T00:00Z'))).toEqual([
      { start: at('2026-01-01T00:00Z'), offset: 5.75 * HOUR },
    ]);
  });

  it.each([
    ['an ordinary time', 'Europe/London', '2026-07-01T09:00', '2026-07-01T08:00:00.000Z'],
    ['a skipped time moves forward by the gap', 'America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00.000Z'],
    ['the start of a gap is the jump', 'America/New_York', '2026-03-08T02:00', '2026-03-08T07:00:00.000Z'],
    ['a repeated time is its first occurrence', 'America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
    ['Havana repeats midnight: the first one', 'America/Havana', '2026-11-01T00:00', '2026-11-01T04:00:00.000Z'],
    ['Lord Howe skips 30 minutes', 'Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:45:00.000Z'],
    ['Lord Howe repeats 30 minutes', 'Australia/Lord_Howe', '2026-04-05T01:45', '2026-04-04T14:45:00.000Z'],
  ])('resolves a local time: %s', (_name, zone, local, expected) => {
    expect(isoOf(offsets(zone).instantOf(at(`${local}Z`)))).toBe(expected);
  });

  it('agrees with luxon on local times that happen exactly once', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: at('2020-01-01T00:00Z'), max: at('2030-01-01T00:00Z') }), (name, instant) => {
        const local = DateTime.fromMillis(instant, { zone: name });
        const wallClock = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
        // Skip times a transition repeats: another instant, read with its own offset, shows them too.
        const offsetsNearby = [-DAY, -HOUR, HOUR, DAY].map((shift) => local.plus(shift).offset * 60_000);
        const repeated = offsetsNearby.some((offset) => {
          const other = wallClock - offset;
          return other !== instant && DateTime.fromMillis(other, { zone: name }).offset * 60_000 === offset;
        });
        fc.pre(!repeated);
        expect(offsets(name).instantOf(wallClock)).toBe(instant);
      }),
      { numRuns: 3000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Interval } from './interval.js';
import { spreadOffer } from './offer.js';
import { freeSlots } from './slots.js';

const HOUR_MS = 3_600_000;
const at = (iso: string): number => Date.parse(`${iso}Z`);
const starts = (slots: Interval[]): string[] => slots.map((s) => new Date(s.start).toISOString().slice(0, 16));

/** Half-hour slots from `from` to `to` (UTC hours) on each given date. */
function grid(dates: string[], from: number, to: number): Interval[] {
  return dates.flatMap((date) =>
    Array.from({ length: (to - from) * 2 }, (_, i) => {
      const start = at(`${date}T00:00`) + from * HOUR_MS + (i * HOUR_MS) / 2;
      return { start, end: start + HOUR_MS / 2 };
    }),
  );
}

interface Case {
  name: string;
  slots: Interval[];
  count?: number;
  timeZone?: string;
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'three days, earliest first, alternating morning and afternoon',
    slots: grid(['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16'], 9, 17),
    expected: ['2026-01-12T09:00', '2026-01-13T12:00', '2026-01-14T09:00'],
  },
  {
    name: 'a day with only afternoons starts the alternation with an afternoon',
    slots: [...grid(['2026-01-12'], 14, 16), ...grid(['2026-01-13', '2026-01-14'], 9, 17)],
    expected: ['2026-01-12T14:00', '2026-01-13T09:00', '2026-01-14T12:00'],
  },
  {
    name: 'a single day falls back to slots at least two hours apart',
    slots: grid(['2026-01-12'], 9, 17),
    expected: ['2026-01-12T09:00', '2026-01-12T12:00', '2026-01-12T14:00'],
  },
  {
    name: 'two days: one each, then a same-day afternoon on the first',
    slots: grid(['2026-01-12', '2026-01-13'], 9, 17),
    expected: ['2026-01-12T09:00', '2026-01-12T12:00', '2026-01-13T12:00'],
  },
  {
    name: 'slots closer than two hours on one day are not offered together',
    slots: grid(['2026-01-12'], 9, 10),
    expected: ['2026-01-12T09:00'],
  },
  {
    name: 'fewer slots than requested',
    slots: [...grid(['2026-01-12'], 9, 9.5), ...grid(['2026-01-14'], 15, 15.5)],
    expected: ['2026-01-12T09:00', '2026-01-14T15:00'],
  },
  { name: 'no slots', slots: [], expected: [] },
  {
    name: 'duplicate and unsorted input never repeats a slot',
    slots: [...grid(['2026-01-13'], 10, 10.5), ...grid(['2026-01-12'], 9, 9.5), ...grid(['2026-01-12'], 9, 9.5)],
    expected: ['2026-01-12T09:00', '2026-01-13T10:00'],
  },
  {
    name: 'count is honored',
    slots: grid(['2026-01-12', '2026-01-13', '2026-01-14'], 9, 17),
    count: 2,
    expected: ['2026-01-12T09:00', '2026-01-13T12:00'],
  },
  {
    name: 'odd hours only fill up when sociable ones run out',
    slots: [...grid(['2026-01-12'], 3, 4), ...grid(['2026-01-13'], 10, 10.5), ...grid(['2026-01-14'], 22, 23)],
    expected: ['2026-01-12T03:00', '2026-01-13T10:00', '2026-01-14T22:00'],
  },
  {
    name: 'a slot ending after 19:00 local is not sociable',
    slots: [{ start: at('2026-01-12T18:45'), end: at('2026-01-12T19:15') }, ...grid(['2026-01-13'], 18.5, 19)],
    count: 1,
    expected: ['2026-01-13T18:30'],
  },
  {
    name: 'days and halves are judged in the prospect zone (Tokyo, +09:00)',
    // 01:00Z-02:00Z is 10:00-11:00 Tokyo; 05:00Z is 14:00 Tokyo, all on the same Tokyo dates.
    slots: grid(['2026-01-12', '2026-01-13'], 1, 2).concat(grid(['2026-01-12', '2026-01-13'], 5, 6)),
    timeZone: 'Asia/Tokyo',
    expected: ['2026-01-12T01:00', '2026-01-12T05:00', '2026-01-13T05:00'],
  },
];

describe('spreadOffer', () => {
  it.each(cases)('$name', ({ slots, count = 3, timeZone = 'Europe/London', expected }) => {
    expect(starts(spreadOffer({ slots, count, timeZone }))).toEqual(expected);
  });

  it('offers a Tokyo prospect only sociable hours of a New York host when there are some', () => {
    const w = [{ startMinute: 7 * 60, endMinute: 20 * 60 }];
    const slots = freeSlots({
      now: at('2026-01-12T00:00'),
      busy: [],
      rules: {
        timeZone: 'America/New_York',
        workingHours: { 1: w, 2: w, 3: w, 4: w, 5: w, 6: [], 7: [] },
        durationMinutes: 30,
        slotStepMinutes: 30,
        minNoticeMinutes: 0,
        horizonDays: 3,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      },
    });
    // 18:00 New York (EST) is 08:00 the next morning in Tokyo.
    expect(starts(spreadOffer({ slots, count: 3, timeZone: 'Asia/Tokyo' }))).toEqual([
      '2026-01-12T23:00',
      '2026-01-13T23:00',
      '2026-01-14T23:00',
    ]);
    expect(starts(spreadOffer({ slots, count: 3, timeZone: 'America/New_York' }))).toEqual([
      '2026-01-12T13:00',
      '2026-01-13T17:00',
      '2026-01-14T13:00',
    ]);
  });

  it('is deterministic and does not mutate its input', () => {
    const slots = grid(['2026-01-13', '2026-01-12'], 9, 17);
    const copy = structuredClone(slots);
    const first = spreadOffer({ slots, count: 3, timeZone: 'Europe/London' });
    expect(spreadOffer({ slots, count: 3, timeZone: 'Europe/London' })).toEqual(first);
    expect(slots).toEqual(copy);
  });

  it('rejects an unknown zone', () => {
    expect(() => spreadOffer({ slots: [], count: 3, timeZone: 'Nowhere/Land' })).toThrow(RangeError);
  });
});

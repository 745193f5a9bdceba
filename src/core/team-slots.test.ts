import { describe, expect, it } from 'vitest';
import { at, testHost } from '../../test/support/scenario.js';
import type { Interval } from './interval.js';
import { freeSlots } from './slots.js';
import { intersectAll, intersectSlots } from './team-slots.js';

const s = (start: number, end = start + 1): Interval => ({ start, end });

describe('intersectSlots', () => {
  it.each([
    ['both empty', [], [], []],
    ['one empty', [s(1), s(2)], [], []],
    ['same lists', [s(1), s(2)], [s(1), s(2)], [s(1), s(2)]],
    ['interleaved', [s(1), s(3), s(5), s(7)], [s(2), s(3), s(4), s(7), s(9)], [s(3), s(7)]],
    ['same start, other length: not the same slot', [s(1, 3)], [s(1, 2)], []],
    ['overlapping but not equal: not the same slot', [s(0, 10)], [s(5, 15)], []],
    ['disjoint', [s(1), s(2)], [s(3), s(4)], []],
  ])('%s', (_name, a, b, expected) => {
    expect(intersectSlots(a, b)).toEqual(expected);
    expect(intersectSlots(b, a)).toEqual(expected);
  });

  it('intersectAll folds any number of lists; none means no slot', () => {
    expect(intersectAll([[s(1), s(2), s(3)], [s(2), s(3)], [s(3), s(4)]])).toEqual([s(3)]);
    expect(intersectAll([[s(1)]])).toEqual([s(1)]);
    expect(intersectAll([])).toEqual([]);
  });
});

describe('a team across zones', () => {
  const now = at('2026-01-12T00:00');
  const rules = (timeZone: string) => ({
    timeZone,
    workingHours: testHost({ id: 'x' }).workingHours,
    durationMinutes: 30,
    slotStepMinutes: 30,
    minNoticeMinutes: 0,
    horizonDays: 1,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
  });
  const free = (zone: string, busy: Interval[] = []): Interval[] => freeSlots({ now, rules: rules(zone), busy });
  const starts = (slots: Interval[]): string[] => slots.map((slot) => new Date(slot.start).toISOString().slice(11, 16));

  it('London and New York share the hours their days overlap (14:00–17:00 UTC)', () => {
    const common = intersectAll([free('Europe/London'), free('America/New_York', [{ start: at('2026-01-12T15:00'), end: at('2026-01-12T16:00') }])]);
    expect(starts(common)).toEqual(['14:00', '14:30', '16:00', '16:30']);
  });

  it('Kolkata (+05:30) lines up with London; Kathmandu (+05:45) never does', () => {
    expect(starts(intersectAll([free('Europe/London'), free('Asia/Kolkata')]))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
    expect(intersectAll([free('Europe/London'), free('Asia/Kathmandu')])).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DayWindow, WeeklyHours } from '../config/types.js';
import type { Interval } from './interval.js';
import { freeSlots, isSlotFree, type SlotRules } from './slots.js';

const hm = (hour: number, minute = 0): number => hour * 60 + minute;
const win = (from: number, to: number): DayWindow => ({ startMinute: from, endMinute: to });
const weekdays = (...windows: DayWindow[]): WeeklyHours => ({ 1: windows, 2: windows, 3: windows, 4: windows, 5: windows, 6: [], 7: [] });
const everyDay = (...windows: DayWindow[]): WeeklyHours => ({ 1: windows, 2: windows, 3: windows, 4: windows, 5: windows, 6: windows, 7: windows });
const at = (iso: string): number => Date.parse(`${iso}Z`);
const span = (from: string, to: string): Interval => ({ start: at(from), end: at(to) });
const starts = (slots: Interval[]): string[] => slots.map((s) => new Date(s.start).toISOString().slice(0, 16));

function buffers(before: number, after: number): Pick<SlotRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'> {
  return { bufferBeforeMinutes: before, bufferAfterMinutes: after };
}

function rules(overrides: Partial<SlotRules> = {}): SlotRules {
  return {
    timeZone: 'Europe/London',
    workingHours: weekdays(win(hm(9), hm(17))),
    durationMinutes: 30,
    slotStepMinutes: 30,
    minNoticeMinutes: 0,
    horizonDays: 1,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    ...overrides,
  };
}

interface Case {
  name: string;
  now: string;
  rules: SlotRules;
  busy?: Interval[];
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'working hours are honored (GMT: local = UTC)',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(11))), durationMinutes: 60, slotStepMinutes: 60 }),
    expected: ['2026-01-13T09:00', '2026-01-13T10:00'],
  },
  {
    name: 'busy time removes slots including the buffer around it',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(12))), ...buffers(15, 15) }),
    busy: [span('2026-01-13T10:00', '2026-01-13T10:30')],
    expected: ['2026-01-13T09:00', '2026-01-13T11:00', '2026-01-13T11:30'],
  },
  {
    name: 'a buffer after keeps time free after the slot, before busy time',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(12))), slotStepMinutes: 15, ...buffers(0, 20) }),
    busy: [span('2026-01-13T10:00', '2026-01-13T10:30')],
    expected: [
      '2026-01-13T09:00', '2026-01-13T10:30', '2026-01-13T10:45', '2026-01-13T11:00',
      '2026-01-13T11:15', '2026-01-13T11:30',
    ],
  },
  {
    name: 'a buffer before keeps time free before the slot, after busy time',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(12))), slotStepMinutes: 15, ...buffers(20, 0) }),
    busy: [span('2026-01-13T10:00', '2026-01-13T10:30')],
    expected: [
      '2026-01-13T09:00', '2026-01-13T09:15', '2026-01-13T09:30', '2026-01-13T11:00',
      '2026-01-13T11:15', '2026-01-13T11:30',
    ],
  },
  {
    name: 'both buffers, different lengths: 10 before and 30 after',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(13))), ...buffers(10, 30) }),
    busy: [span('2026-01-13T11:00', '2026-01-13T11:30')],
    expected: ['2026-01-13T09:00', '2026-01-13T09:30', '2026-01-13T10:00', '2026-01-13T12:00', '2026-01-13T12:30'],
  },
  {
    name: 'buffers reach past working hours: busy time outside them still counts',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(10))), ...buffers(15, 45) }),
    busy: [span('2026-01-13T08:00', '2026-01-13T08:50'), span('2026-01-13T10:40', '2026-01-13T11:00')],
    expected: [],
  },
  {
    name: 'notice and horizon bound the starts (horizon end exclusive)',
    now: '2026-01-13T09:10',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(12))), minNoticeMinutes: 60 }),
    expected: ['2026-01-13T10:30', '2026-01-13T11:00', '2026-01-13T11:30', '2026-01-14T09:00'],
  },
  {
    name: 'a start exactly at now + notice is allowed, exactly at the horizon is not',
    now: '2026-01-13T09:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(11))), minNoticeMinutes: 60, durationMinutes: 60, slotStepMinutes: 60 }),
    expected: ['2026-01-13T10:00'],
  },
  {
    name: 'weekends are off',
    now: '2026-01-16T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(10))), durationMinutes: 60, horizonDays: 4 }),
    expected: ['2026-01-16T09:00', '2026-01-19T09:00'],
  },
  {
    name: 'starts align to the window start, and slots end inside the window',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9, 15), hm(10, 30))) }),
    expected: ['2026-01-13T09:15', '2026-01-13T09:45'],
  },
  {
    name: 'step shorter than the duration',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(10, 30))), durationMinutes: 60, slotStepMinutes: 15 }),
    expected: ['2026-01-13T09:00', '2026-01-13T09:15', '2026-01-13T09:30'],
  },
  {
    name: 'a slot may not straddle two touching windows',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(10, 30)), win(hm(10, 30), hm(12))), durationMinutes: 60 }),
    expected: ['2026-01-13T09:00', '2026-01-13T09:30', '2026-01-13T10:30', '2026-01-13T11:00'],
  },
  {
    name: 'overlapping configured windows yield each start once',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9, 30), hm(11)), win(hm(9), hm(10))) }),
    expected: ['2026-01-13T09:00', '2026-01-13T09:30', '2026-01-13T10:00', '2026-01-13T10:30'],
  },
  {
    name: 'a window ending at 24:00',
    now: '2026-01-13T12:00',
    rules: rules({ workingHours: everyDay(win(hm(22), 1440)), durationMinutes: 60, slotStepMinutes: 60 }),
    expected: ['2026-01-13T22:00', '2026-01-13T23:00'],
  },
  {
    name: 'unsorted, overlapping and out-of-range busy blocks',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(12))) }),
    busy: [
      span('2026-01-13T10:30', '2026-01-13T11:00'),
      span('2026-01-13T09:00', '2026-01-13T09:20'),
      span('2026-01-20T09:00', '2026-01-20T17:00'),
      span('2026-01-13T09:10', '2026-01-13T09:45'),
      span('2026-01-01T00:00', '2026-01-02T00:00'),
      span('2026-01-13T11:00', '2026-01-13T11:10'),
    ],
    expected: ['2026-01-13T10:00', '2026-01-13T11:30'],
  },
  {
    name: 'empty and inverted busy blocks are ignored',
    now: '2026-01-13T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(10))) }),
    busy: [span('2026-01-13T09:10', '2026-01-13T09:10'), span('2026-01-13T09:50', '2026-01-13T09:20')],
    expected: ['2026-01-13T09:00', '2026-01-13T09:30'],
  },
  {
    name: 'Europe/London spring forward: 09:00 is 09:00Z in GMT, 08:00Z in BST',
    now: '2026-03-27T12:00',
    rules: rules({ workingHours: everyDay(win(hm(9), hm(10))), durationMinutes: 60, horizonDays: 3 }),
    expected: ['2026-03-28T09:00', '2026-03-29T08:00', '2026-03-30T08:00'],
  },
  {
    name: 'Europe/London spring forward inside a window: 01:00-02:00 local never happens',
    now: '2026-03-28T12:00',
    rules: rules({ workingHours: everyDay(win(0, hm(4))), durationMinutes: 60, slotStepMinutes: 60 }),
    expected: ['2026-03-29T00:00', '2026-03-29T01:00', '2026-03-29T02:00'],
  },
  {
    name: 'Europe/London fall back inside a window: 01:00 local happens twice',
    now: '2026-10-24T12:00',
    rules: rules({ workingHours: everyDay(win(0, hm(4))), durationMinutes: 60, slotStepMinutes: 60 }),
    expected: ['2026-10-24T23:00', '2026-10-25T00:00', '2026-10-25T01:00', '2026-10-25T02:00', '2026-10-25T03:00'],
  },
  {
    name: 'Europe/London fall back: Friday in BST, Monday in GMT',
    now: '2026-10-23T00:00',
    rules: rules({ workingHours: weekdays(win(hm(9), hm(10))), durationMinutes: 60, horizonDays: 4 }),
    expected: ['2026-10-23T08:00', '2026-10-26T09:00'],
  },
  {
    name: 'America/New_York spring forward: EST before, EDT from Sunday',
    now: '2026-03-06T00:00',
    rules: rules({ timeZone: 'America/New_York', workingHours: everyDay(win(hm(9), hm(10))), durationMinutes: 60, horizonDays: 4 }),
    expected: ['2026-03-06T14:00', '2026-03-07T14:00', '2026-03-08T13:00', '2026-03-09T13:00'],
  },
  {
    name: 'America/New_York spring forward inside a window skips 02:00-03:00',
    now: '2026-03-07T12:00',
    rules: rules({ timeZone: 'America/New_York', workingHours: everyDay(win(hm(1), hm(4))) }),
    expected: ['2026-03-08T06:00', '2026-03-08T06:30', '2026-03-08T07:00', '2026-03-08T07:30'],
  },
  {
    name: 'America/New_York fall back inside a window repeats 01:00-02:00',
    now: '2026-10-31T12:00',
    rules: rules({ timeZone: 'America/New_York', workingHours: everyDay(win(0, hm(3))) }),
    expected: [
      '2026-11-01T04:00', '2026-11-01T04:30', '2026-11-01T05:00', '2026-11-01T05:30',
      '2026-11-01T06:00', '2026-11-01T06:30', '2026-11-01T07:00', '2026-11-01T07:30',
    ],
  },
  {
    name: 'Asia/Kolkata (+05:30)',
    now: '2026-01-12T00:00',
    rules: rules({ timeZone: 'Asia/Kolkata', workingHours: weekdays(win(hm(9), hm(10))) }),
    expected: ['2026-01-12T03:30', '2026-01-12T04:00'],
  },
  {
    name: 'Asia/Kathmandu (+05:45)',
    now: '2026-01-12T00:00',
    rules: rules({ timeZone: 'Asia/Kathmandu', workingHours: weekdays(win(hm(9), hm(10))) }),
    expected: ['2026-01-12T03:15', '2026-01-12T03:45'],
  },
  {
    name: 'Asia/Kolkata window ending at 24:00',
    now: '2026-01-12T12:00',
    rules: rules({ timeZone: 'Asia/Kolkata', workingHours: everyDay(win(hm(22), 1440)), durationMinutes: 60, slotStepMinutes: 60 }),
    expected: ['2026-01-12T16:30', '2026-01-12T17:30'],
  },
  {
    name: 'Australia/Lord_Howe 30-minute spring forward keeps wall-clock alignment',
    now: '2026-10-03T12:00',
    rules: rules({ timeZone: 'Australia/Lord_Howe', workingHours: everyDay(win(0, hm(6))), durationMinutes: 60, slotStepMinutes: 60 }),
    expected: ['2026-10-03T13:30', '2026-10-03T14:30', '2026-10-03T16:00', '2026-10-03T17:00', '2026-10-03T18:00'],
  },
  {
    name: 'Australia/Lord_Howe working days before (+10:30) and after (+11) the change',
    now: '2026-10-01T12:00',
    rules: rules({ timeZone: 'Australia/Lord_Howe', workingHours: weekdays(win(hm(9), hm(10))), durationMinutes: 60, horizonDays: 4 }),
    expected: ['2026-10-01T22:30', '2026-10-04T22:00'],
  },
  {
    name: 'zero horizon yields nothing',
    now: '2026-01-13T00:00',
    rules: rules({ horizonDays: 0 }),
    expected: [],
  },
];

describe('freeSlots', () => {
  it.each(cases)('$name', ({ now, rules: r, busy = [], expected }) => {
    const slots = freeSlots({ now: at(now), rules: r, busy });
    expect(starts(slots)).toEqual(expected);
    for (const slot of slots) expect(slot.end - slot.start).toBe(r.durationMinutes * 60_000);
  });

  it('rejects an unknown zone and a non-positive step', () => {
    expect(() => freeSlots({ now: 0, rules: rules({ timeZone: 'Mars/Olympus' }), busy: [] })).toThrow(RangeError);
    expect(() => freeSlots({ now: 0, rules: rules({ slotStepMinutes: 0 }), busy: [] })).toThrow(RangeError);
    expect(() => freeSlots({ now: 0, rules: rules(buffers(0, -5)), busy: [] })).toThrow(RangeError);
  });

  it('matches a brute-force busy check on many scattered blocks', () => {
    const r = rules({ timeZone: 'America/New_York', horizonDays: 14, slotStepMinutes: 15, ...buffers(5, 25) });
    const now = at('2026-02-27T15:07');
    const busy = pseudoRandomBusy(now, 300);
    const open = freeSlots({ now, rules: r, busy: [] });
    const [before, after] = [5 * 60_000, 25 * 60_000];
    const expected = open.filter((s) => busy.every((b) => b.end <= s.start - before || b.start >= s.end + after));
    expect(freeSlots({ now, rules: r, busy })).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(open.length);
  });

  it('matches a brute-force busy check for any blocks, buffers, steps and durations', () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 16 * 24 * 60 }), fc.integer({ min: -30, max: 240 }), fc.integer({ min: 0, max: 59_999 }))
      .map(([minute, length, ms]) => ({ start: at('2026-03-05T00:00') + minute * 60_000 + ms, end: at('2026-03-05T00:00') + (minute + length) * 60_000 + ms }));
    fc.assert(
      fc.property(
        fc.constantFrom('America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'),
        fc.constantFrom(5, 15, 20, 30, 60),
        fc.constantFrom(15, 30, 45, 60, 90),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 45 }),
        fc.array(block, { maxLength: 60 }),
        (timeZone, slotStepMinutes, durationMinutes, before, after, busy) => {
          const r = rules({ timeZone, slotStepMinutes, durationMinutes, horizonDays: 14, ...buffers(before, after), workingHours: weekdays(win(hm(8), hm(12)), win(hm(13), hm(18))) });
          const now = at('2026-03-05T10:17');
          const expected = freeSlots({ now, rules: r, busy: [] }).filter((s) =>
            busy.every((b) => b.end <= b.start || b.end <= s.start - before * 60_000 || b.start >= s.end + after * 60_000),
          );
          expect(freeSlots({ now, rules: r, busy })).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every produced slot passes isSlotFree', () => {
    for (const { now, rules: r, busy = [] } of cases) {
      for (const slot of freeSlots({ now: at(now), rules: r, busy })) {
        expect(isSlotFree({ now: at(now), rules: r, busy, slot })).toBe(true);
      }
    }
  });
});

/** Deterministic scatter of busy blocks (linear congruential generator). */
function pseudoRandomBusy(from: number, count: number): Interval[] {
  let seed = 42;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => {
    const start = from + Math.floor(next() * 14 * 24 * 4) * 15 * 60_000;
    return { start, end: start + (1 + Math.floor(next() * 8)) * 15 * 60_000 };
  });
}

describe('isSlotFree', () => {
  const r = rules({ ...buffers(15, 15), minNoticeMinutes: 60, horizonDays: 7, workingHours: weekdays(win(hm(9), hm(12)), win(hm(12), hm(17))) });
  const now = at('2026-01-13T09:00');
  const busy = [span('2026-01-13T13:00', '2026-01-13T14:00')];
  const checks: Array<{ name: string; slot: Interval; free: boolean }> = [
    { name: 'an off-grid time inside hours', slot: span('2026-01-13T10:15', '2026-01-13T10:45'), free: true },
    { name: 'exactly at now + notice', slot: span('2026-01-13T10:00', '2026-01-13T10:30'), free: true },
    { name: 'too soon', slot: span('2026-01-13T09:30', '2026-01-13T10:00'), free: false },
    { name: 'taken', slot: span('2026-01-13T13:00', '2026-01-13T13:30'), free: false },
    { name: 'inside the buffer after busy time', slot: span('2026-01-13T14:00', '2026-01-13T14:30'), free: false },
    { name: 'inside the buffer before busy time', slot: span('2026-01-13T12:30', '2026-01-13T13:00'), free: false },
    { name: 'just clear of the buffer', slot: span('2026-01-13T14:15', '2026-01-13T14:45'), free: true },
    { name: 'outside hours', slot: span('2026-01-14T08:30', '2026-01-14T09:00'), free: false },
    { name: 'running past the end of hours', slot: span('2026-01-14T16:45', '2026-01-14T17:15'), free: false },
    { name: 'ending exactly at the end of hours', slot: span('2026-01-14T16:30', '2026-01-14T17:00'), free: true },
    { name: 'straddling two windows', slot: span('2026-01-14T11:45', '2026-01-14T12:15'), free: false },
    { name: 'on a weekend', slot: span('2026-01-17T10:00', '2026-01-17T10:30'), free: false },
    { name: 'of the wrong length', slot: span('2026-01-14T10:00', '2026-01-14T11:00'), free: false },
    { name: 'past the horizon', slot: span('2026-01-20T10:00', '2026-01-20T10:30'), free: false },
  ];
  it.each(checks)('$name -> $free', ({ slot, free }) => {
    expect(isSlotFree({ now, rules: r, busy, slot })).toBe(free);
  });

  it.each([
    { name: 'ending where the after-buffer reaches busy time', slot: span('2026-01-13T12:15', '2026-01-13T12:45'), free: true },
    { name: 'ending inside the after-buffer', slot: span('2026-01-13T12:20', '2026-01-13T12:50'), free: false },
    { name: 'starting where the before-buffer clears busy time', slot: span('2026-01-13T14:05', '2026-01-13T14:35'), free: true },
    { name: 'starting inside the before-buffer', slot: span('2026-01-13T14:00', '2026-01-13T14:30'), free: false },
  ])('with 5 minutes before and 15 after: $name -> $free', ({ slot, free }) => {
    const uneven = { ...r, ...buffers(5, 15) };
    expect(isSlotFree({ now, rules: uneven, busy, slot })).toBe(free);
  });

  it('judges hours in the host zone across DST (09:30 BST is 08:30Z)', () => {
    const london = rules({ horizonDays: 7 });
    const monday = at('2026-03-27T12:00');
    expect(isSlotFree({ now: monday, rules: london, busy: [], slot: span('2026-03-30T08:30', '2026-03-30T09:00') })).toBe(true);
    expect(isSlotFree({ now: monday, rules: london, busy: [], slot: span('2026-03-30T07:30', '2026-03-30T08:00') })).toBe(false);
  });
});

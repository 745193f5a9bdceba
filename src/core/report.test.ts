import { describe, expect, it } from 'vitest';
import { figures, funnel, NO_COUNTS, NO_TIMES, ratio, sumCounts, weekStart, weeksOverlapping } from './report.js';
import { checkOutcome } from './report-outcome.js';

const at = (iso: string) => Date.parse(iso);

describe('report arithmetic', () => {
  it('adds the counts of disjoint groups', () => {
    const a = { ...NO_COUNTS, leads: 4, booked: 2, held: 1, declined: 1 };
    const b = { ...NO_COUNTS, leads: 1, offered: 1, cancelled: 1 };
    expect(sumCounts([a, b])).toEqual({ ...NO_COUNTS, leads: 5, offered: 1, booked: 2, cancelled: 1, held: 1, declined: 1 });
    expect(sumCounts([])).toEqual(NO_COUNTS);
  });

  it('booking rate is booked / leads, undefined without leads', () => {
    expect(figures({ ...NO_COUNTS, leads: 4, booked: 1 }, NO_TIMES).bookingRate).toBe(0.25);
    expect(figures(NO_COUNTS, NO_TIMES).bookingRate).toBeNull();
    expect(ratio(2, 3)).toBeCloseTo(0.6667, 4);
  });

  it('funnel shares are of the leads', () => {
    expect(funnel({ ...NO_COUNTS, leads: 8, offered: 6, booked: 4, held: 2 })).toEqual([
      { stage: 'leads', count: 8, share: 1 },
      { stage: 'offered', count: 6, share: 0.75 },
      { stage: 'booked', count: 4, share: 0.5 },
      { stage: 'held', count: 2, share: 0.25 },
    ]);
    expect(funnel(NO_COUNTS).map((stage) => stage.share)).toEqual([null, null, null, null]);
  });

  it('weeks start on Monday 00:00 UTC', () => {
    // 2026-03-02 is a Monday, 2026-03-08 a Sunday.
    expect(weekStart(at('2026-03-02T00:00:00Z'))).toBe(at('2026-03-02T00:00:00Z'));
    expect(weekStart(at('2026-03-08T23:59:59Z'))).toBe(at('2026-03-02T00:00:00Z'));
    expect(weekStart(at('2026-03-09T00:00:00Z'))).toBe(at('2026-03-09T00:00:00Z'));
    // Across a year boundary: Thursday 1 January 2026 belongs to the week of Monday 29 December.
    expect(weekStart(at('2026-01-01T12:00:00Z'))).toBe(at('2025-12-29T00:00:00Z'));
  });

  it('lists every week overlapping the window', () => {
    const weeks = weeksOverlapping(at('2026-03-04T10:00:00Z'), at('2026-03-16T00:00:00Z'));
    expect(weeks.map((week) => new Date(week).toISOString().slice(0, 10))).toEqual(['2026-03-02', '2026-03-09']);
    expect(weeksOverlapping(at('2026-03-04T10:00:00Z'), at('2026-03-04T10:00:00Z'))).toEqual([]);
  });
});

describe('meeting outcomes', () => {
  const booking = { status: 'confirmed', start: at('2026-03-03T15:00:00Z') };
  const after = at('2026-03-03T15:30:00Z');
  const before = at('2026-03-03T14:59:00Z');

  it.each([
    ['held after the start', { outcome: 'held', reason: null, booking, now: after }, { ok: true }],
    ['held before the start', { outcome: 'held', reason: null, booking, now: before }, { ok: false, reason: 'not_started' }],
    ['no-show with a reason', { outcome: 'no_show', reason: 'late', booking, now: after }, { ok: false, reason: 'reason_not_allowed' }],
    ['disqualified before the meeting', { outcome: 'disqualified', reason: 'no_budget', booking, now: before }, { ok: true }],
    ['disqualified without a reason', { outcome: 'disqualified', reason: null, booking, now: after }, { ok: false, reason: 'reason_required' }],
    ['a reason that is not a code', { outcome: 'disqualified', reason: 'No budget!', booking, now: after }, { ok: false, reason: 'bad_reason_code' }],
    ['a cancelled meeting', { outcome: 'held', reason: null, booking: { ...booking, status: 'cancelled' }, now: after }, { ok: false, reason: 'cancelled' }],
  ] as const)('%s', (_name, input, verdict) => {
    expect(checkOutcome(input)).toEqual(verdict);
  });
});

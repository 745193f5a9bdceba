import { describe, expect, it } from 'vitest';
import { at, testCampaign, testCandidate } from '../../../test/support/scenario.js';
import type { BookingStatus } from '../host-limits.js';
import { countForFairness, fairShares, rankRoundRobin } from './fairness.js';
import { route } from './route.js';
import type { HostCandidate } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const config = testCampaign({ hostIds: ['a'] }).routing;

describe('countForFairness', () => {
  const now = at('2026-03-31T12:00');
  const booked = (hostId: string, daysAgo: number, status: BookingStatus = 'confirmed') => ({ hostId, bookedAt: now - daysAgo * DAY, status });
  const bookings = [
    booked('a', 1),
    booked('a', 30),
    booked('a', 30.01),
    booked('a', -1),
    booked('b', 2, 'cancelled'),
    booked('b', 3, 'no_show'),
    booked('b', 4),
  ];
  it.each([
    ['defaults: no-shows count, cancellations do not', { countCancelled: false, countNoShows: true }, { a: [30, 1], b: [4, 3] }],
    ['both count', { countCancelled: true, countNoShows: true }, { a: [30, 1], b: [4, 3, 2] }],
    ['neither counts', { countCancelled: false, countNoShows: false }, { a: [30, 1], b: [4] }],
  ])('%s (window start inclusive, future and older bookings left out, sorted)', (_name, settings, expected) => {
    const counted = countForFairness(bookings, { ...config, ...settings, fairnessWindowDays: 30 }, now);
    const asDaysAgo = Object.fromEntries([...counted].map(([id, times]) => [id, times.map((t) => Math.round(((now - t) / DAY) * 100) / 100)]));
    expect(asDaysAgo).toEqual(expected);
  });
});

describe('fairShares', () => {
  const times = (count: number, from = 0): number[] => Array.from({ length: count }, (_, i) => from + i * HOUR);

  it('without calibration: total × weight / Σ weights', () => {
    const shares = fairShares([
      testCandidate('a', 0, { weight: 2, bookedAt: times(12) }),
      testCandidate('b', 1, { weight: 1, bookedAt: times(18) }),
    ]);
    expect(shares.get('a')).toEqual({ bookings: 12, expected: 20, shortfall: 8 });
    expect(shares.get('b')).toEqual({ bookings: 18, expected: 10, shortfall: -8 });
  });

  it('calibrated: a rep is owed a share only of bookings made since they became available', () => {
    // a and b split 10 bookings before c joined at t=100h; of the 6 after, c is owed a third.
    const shares = fairShares([
      testCandidate('a', 0, { bookedAt: [...times(5), ...times(3, 100 * HOUR)] }),
      testCandidate('b', 1, { bookedAt: [...times(5, 1), ...times(2, 101 * HOUR)] }),
      testCandidate('c', 2, { bookedAt: times(1, 102 * HOUR), availableSince: 100 * HOUR }),
    ]);
    expect(shares.get('a')!.expected).toBeCloseTo(5 + 2);
    expect(shares.get('b')!.expected).toBeCloseTo(5 + 2);
    expect(shares.get('c')!.expected).toBeCloseTo(2);
    expect([...shares.values()].reduce((sum, s) => sum + s.shortfall, 0)).toBeCloseTo(0);
  });

  it('a rep back from leave leaves bookings from before it out of their count', () => {
    const shares = fairShares([
      testCandidate('a', 0, { bookedAt: [1, 2, 3, 50 * HOUR], availableSince: 40 * HOUR }),
      testCandidate('b', 1, { bookedAt: [4, 45 * HOUR] }),
    ]);
    // b alone was owed the booking at t=4ms; the two after a's return are split half and half.
    expect(shares.get('a')).toMatchObject({ bookings: 1 });
    expect(shares.get('a')!.expected).toBeCloseTo(1);
    expect(shares.get('b')!.expected).toBeCloseTo(2);
  });

  it.each([0, -1, Number.NaN, Infinity])('refuses weight %s', (weight) => {
    expect(() => fairShares([testCandidate('a', 0, { weight })])).toThrow(RangeError);
  });
});

describe('rankRoundRobin', () => {
  const rank = (hosts: HostCandidate[]) => {
    const { ranked, why } = rankRoundRobin(hosts, fairShares(hosts));
    return { winner: ranked[0]!.hostId, why };
  };
  it.each([
    ['one host', [testCandidate('a', 0)], 'a', 'only_one_free'],
    ['largest shortfall', [testCandidate('a', 0, { bookedAt: [1, 2, 3] }), testCandidate('b', 1, { bookedAt: [4] })], 'b', 'largest_shortfall'],
    ['weights make 2 of 4 fair for a 2:1 rep', [testCandidate('a', 0, { weight: 2, bookedAt: [1, 2] }), testCandidate('b', 1, { bookedAt: [3, 4] })], 'a', 'largest_shortfall'],
    ['tie: never booked first', [testCandidate('a', 0, { lastBookedAt: 5 }), testCandidate('b', 1)], 'b', 'least_recently_booked'],
    ['tie: least recently booked', [testCandidate('a', 0, { lastBookedAt: 9 }), testCandidate('b', 1, { lastBookedAt: 5 })], 'b', 'least_recently_booked'],
    ['full tie: team order', [testCandidate('b', 1), testCandidate('a', 0)], 'a', 'team_order'],
    ['rounding is a tie', [testCandidate('a', 0, { weight: 3, bookedAt: [1, 2, 3] }), testCandidate('b', 1, { weight: 3, bookedAt: [4, 5, 6] }), testCandidate('c', 2, { weight: 3, bookedAt: [7, 8, 9] })], 'a', 'team_order'],
  ])('%s', (_name, hosts, winner, why) => {
    expect(rank(hosts)).toEqual({ winner, why });
  });
});

describe('round robin over many bookings', () => {
  /** Books `count` meetings one after another from `start`, each routed among `hosts`; returns the winners. */
  function simulate(hosts: HostCandidate[], count: number, start: number): string[] {
    const state = new Map(hosts.map((h) => [h.hostId, { ...h, bookedAt: [...h.bookedAt] }]));
    const winners: string[] = [];
    for (let i = 0; i < count; i++) {
      const verdict = route({ config, candidates: [...state.values()], prospectDomain: null, freeMailDomains: new Set() });
      if (!verdict.ok) throw new Error('expected a host');
      const t = start + i * HOUR;
      const winner = state.get(verdict.hostIds[0]!)!;
      winner.bookedAt.push(t);
      winner.lastBookedAt = t;
      winners.push(winner.hostId);
    }
    return winners;
  }
  const tally = (winners: string[]) => winners.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});
  const longestRun = (winners: string[], id: string): number => {
    let longest = 0;
    let run = 0;
    for (const winner of winners) {
      run = winner === id ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  };

  it('a 2:1 weight split over 30 bookings gives 20:10', () => {
    const winners = simulate([testCandidate('a', 0, { weight: 2 }), testCandidate('b', 1, { weight: 1 })], 30, 0);
    expect(tally(winners)).toEqual({ a: 20, b: 10 });
  });

  it('equal weights spread a run evenly', () => {
    const winners = simulate(['a', 'b', 'c'].map((id, i) => testCandidate(id, i)), 9, 0);
    expect(tally(winners)).toEqual({ a: 3, b: 3, c: 3 });
  });

  const veterans = (joined: number) => [
    testCandidate('a', 0, { bookedAt: Array.from({ length: 10 }, (_, i) => i * HOUR), lastBookedAt: 9 * HOUR }),
    testCandidate('b', 1, { bookedAt: Array.from({ length: 10 }, (_, i) => i * HOUR + 1), lastBookedAt: 9 * HOUR + 1 }),
    testCandidate('c', 2, { availableSince: joined }),
  ];

  it('a rep who joins with 0 while others have 10 gets a fair share going forward, not the next 10', () => {
    const winners = simulate(veterans(100 * HOUR), 30, 100 * HOUR);
    expect(tally(winners)).toEqual({ a: 10, b: 10, c: 10 });
    expect(longestRun(winners, 'c')).toBeLessThanOrEqual(2);
  });

  it('without availableSince the same newcomer would take the next 10 in a row (why calibration exists)', () => {
    const winners = simulate(veterans(100 * HOUR).map((h) => ({ ...h, availableSince: null })), 30, 100 * HOUR);
    expect(winners.slice(0, 10)).toEqual(Array(10).fill('c'));
  });
});

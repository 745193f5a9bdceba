import { describe, expect, it } from 'vitest';
import { chooseRoundRobin, type HostCandidate } from './routing.js';

const host = (hostId: string, order: number, partial: Partial<HostCandidate> = {}): HostCandidate => ({
  hostId,
  order,
  bookingsInWindow: 0,
  lastBookedAt: null,
  freeSlotCount: 10,
  reachable: true,
  ...partial,
});

describe('round robin', () => {
  it.each([
    ['fewest bookings wins', [host('a', 0, { bookingsInWindow: 3 }), host('b', 1, { bookingsInWindow: 1 })], 'b'],
    ['tie: never booked beats booked', [host('a', 0, { lastBookedAt: 5 }), host('b', 1)], 'b'],
    ['tie: least recently booked', [host('a', 0, { lastBookedAt: 9 }), host('b', 1, { lastBookedAt: 5 })], 'b'],
    ['full tie: team order', [host('a', 0), host('b', 1)], 'a'],
    ['no free time: skipped', [host('a', 0, { freeSlotCount: 0 }), host('b', 1, { bookingsInWindow: 9 })], 'b'],
    ['unreachable calendar: skipped', [host('a', 0, { reachable: false }), host('b', 1, { bookingsInWindow: 9 })], 'b'],
  ])('%s', (_name, candidates, winner) => {
    const verdict = chooseRoundRobin(candidates);
    expect(verdict.ok && verdict.hostId).toBe(winner);
    expect(verdict.considered).toHaveLength(candidates.length);
  });

  it('says nobody is free instead of guessing', () => {
    const verdict = chooseRoundRobin([host('a', 0, { reachable: false }), host('b', 1, { freeSlotCount: 0 })]);
    expect(verdict).toMatchObject({ ok: false, reason: 'nobody_free' });
  });

  it('spreads a run of bookings evenly over the team', () => {
    const loads = new Map([['a', 0], ['b', 0], ['c', 0]]);
    for (let index = 0; index < 9; index++) {
      const verdict = chooseRoundRobin(
        [...loads].map(([id, count], order) => host(id, order, { bookingsInWindow: count, lastBookedAt: count ? index : null })),
      );
      if (!verdict.ok) throw new Error('expected a host');
      loads.set(verdict.hostId, loads.get(verdict.hostId)! + 1);
    }
    expect([...loads.values()]).toEqual([3, 3, 3]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aroundHolds, holdsOn, type Hold } from './holds.js';
import type { Interval } from './interval.js';
import { spreadOffer } from './offer.js';

const HOUR = 3_600_000;
const MONDAY = Date.parse('2026-12-14T00:00:00Z');
const offerSize = (free: Interval[]) => spreadOffer({ slots: free, count: 3, timeZone: 'UTC' }).length;
const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** Half-hour slots, 09:00-17:00 UTC, on `days` weekdays from Monday. */
function grid(days: number): Interval[] {
  return Array.from({ length: days * 16 }, (_, i) => {
    const start = MONDAY + Math.floor(i / 16) * 24 * HOUR + 9 * HOUR + (i % 16) * (HOUR / 2);
    return { start, end: start + HOUR / 2 };
  });
}

function held(conversationId: number, slots: Interval[], heldAt: number, hostIds = ['alice']): Hold[] {
  return slots.map((slot, index) => ({ ...slot, conversationId, hostIds, position: index + 1, heldAt, expiresAt: heldAt + 24 * HOUR }));
}

describe('offers around held times', () => {
  it('a second lead is offered other times than the first, as near as the first ones', () => {
    const free = grid(5);
    const first = spreadOffer({ slots: free, count: 3, timeZone: 'UTC' });
    const second = spreadOffer({ slots: aroundHolds(free, held(1, first, 0), offerSize).free, count: 3, timeZone: 'UTC' });
    expect(second).toHaveLength(3);
    for (const slot of second) expect(first.some((taken) => overlaps(taken, slot))).toBe(false);
    expect(second[0]!.start - first[0]!.start).toBeLessThanOrEqual(HOUR);
  });

  it('while the team has time, no two open offers share a time; past that, the oldest holds give way first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 40 }), (days, leads) => {
        const free = grid(days);
        let holds: Hold[] = [];
        for (let lead = 1; lead <= leads; lead++) {
          const around = aroundHolds(free, holds, offerSize);
          const offer = spreadOffer({ slots: around.free, count: 3, timeZone: 'UTC' });
          const kept = holds.filter((hold) => !around.gaveWay.includes(hold));
          // A full offer, unless only first options are left to give way: then at least one time.
          if (kept.some((hold) => hold.position > 1)) expect(offer.length).toBe(offerSize(free));
          else expect(offer.length).toBeGreaterThanOrEqual(Math.min(1, offerSize(free)));
          if (around.gaveWay.some((hold) => hold.position === 1)) expect(offer).toHaveLength(1);
          for (const slot of offer) expect(kept.some((hold) => overlaps(hold, slot))).toBe(false);
          // Whatever gave way was a less likely pick than whatever was kept, or as likely and older.
          const rank = (hold: Hold) => [hold.position, -hold.heldAt] as const;
          const worstKept = kept.map(rank).sort((a, b) => b[0] - a[0] || b[1] - a[1])[0];
          for (const given of around.gaveWay.map(rank)) {
            if (worstKept) expect(given[0] > worstKept[0] || (given[0] === worstKept[0] && given[1] >= worstKept[1])).toBe(true);
          }
          if (around.gaveWay.length === 0) for (const slot of offer) expect(holds.some((hold) => overlaps(hold, slot))).toBe(false);
          holds = [...holds, ...held(lead, offer, lead)];
        }
      }),
      { numRuns: 40, seed: 20261207 },
    );
  });

  it('when time runs short, a second option gives way before a first one, even a newer second', () => {
    const [nine, half] = grid(1) as [Interval, Interval];
    const holds: Hold[] = [
      { ...nine, conversationId: 1, hostIds: ['alice'], position: 1, heldAt: 0, expiresAt: HOUR },
      { ...half, conversationId: 2, hostIds: ['alice'], position: 2, heldAt: 1, expiresAt: HOUR },
    ];
    const around = aroundHolds([nine, half], holds, (slots) => Math.min(1, slots.length));
    expect(around.gaveWay.map((hold) => hold.conversationId)).toEqual([2]);
    expect(around.free).toEqual([half]);
  });

  it('a lead’s first option is kept while the newcomer can still be offered one time nobody holds', () => {
    const [nine, half, ten] = grid(1) as [Interval, Interval, Interval];
    const holds: Hold[] = [
      { ...nine, conversationId: 1, hostIds: ['alice'], position: 1, heldAt: 0, expiresAt: HOUR },
      { ...half, conversationId: 2, hostIds: ['alice'], position: 1, heldAt: 1, expiresAt: HOUR },
    ];
    const everyFree = (slots: Interval[]) => slots.length;
    expect(aroundHolds([nine, half, ten], holds, everyFree)).toEqual({ free: [ten], gaveWay: [] });
    expect(aroundHolds([nine, half], holds, everyFree)).toEqual({ free: [nine], gaveWay: [holds[0]] });
  });

  it('only holds on a host of the meeting stand in the way', () => {
    const holds = [...held(1, grid(1).slice(0, 1), 0, ['alice']), ...held(2, grid(1).slice(1, 2), 0, ['bob', 'carol'])];
    expect(holdsOn(holds, ['bob']).map((hold) => hold.conversationId)).toEqual([2]);
    expect(holdsOn(holds, ['alice', 'bob']).map((hold) => hold.conversationId)).toEqual([1, 2]);
    expect(holdsOn(holds, ['dave'])).toEqual([]);
  });
});

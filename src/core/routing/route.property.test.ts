import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCampaign } from '../../../test/support/scenario.js';
import { ROUTING_MODES, type RoutingConfig } from '../../config/types.js';
import type { Interval } from '../interval.js';
import { intersectAll } from '../team-slots.js';
import { fairShares } from './fairness.js';
import { route, routeWithFallback } from './route.js';
import type { HostCandidate } from './types.js';

const HALF_HOUR = 1_800_000;
const DOMAINS = ['acme.com', 'eu.acme.com', 'globex.com', 'gmail.com', 'initech.com'];

const slotList = fc
  .uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 12 })
  .map((indexes): Interval[] => [...indexes].sort((a, b) => a - b).map((i) => ({ start: i * HALF_HOUR, end: (i + 1) * HALF_HOUR })));

const candidate = (hostId: string, order: number) =>
  fc
    .record({
      weight: fc.constantFrom(1, 2, 3),
      reachable: fc.boolean(),
      free: slotList,
      capped: fc.boolean(),
      bookedAt: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 8 }).map((times) => times.sort((a, b) => a - b)),
      lastBookedAt: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      availableSince: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    })
    .map((fields): HostCandidate => ({ hostId, order, ...fields }));

const team = fc.integer({ min: 1, max: 6 }).chain((size) =>
  fc.tuple(...Array.from({ length: size }, (_, i) => candidate(`h${i}`, i))),
);

const world = team.chain((hosts) => {
  const ids = hosts.map((h) => h.hostId);
  const anyId = fc.constantFrom(...ids, 'outsider');
  return fc.record({
    hosts: fc.shuffledSubarray(hosts, { minLength: hosts.length }),
    config: fc.record({
      mode: fc.constantFrom(...ROUTING_MODES),
      fallbackMode: fc.constantFrom('round_robin', 'collective', 'priority', 'fixed_rotating' as const),
      accountOwners: fc.dictionary(fc.constantFrom(...DOMAINS), anyId),
      tiers: fc.array(fc.subarray(ids), { maxLength: 3 }),
      fixedHostId: fc.constantFrom(...ids),
      fallbackPools: fc.array(fc.subarray(ids, { minLength: 1 }), { maxLength: 2 }),
    }),
    prospectDomain: fc.option(fc.constantFrom(...DOMAINS), { nil: null }),
  });
});

const base = testCampaign({ hostIds: ['h0'] }).routing;
const key = (slot: Interval): string => `${slot.start}/${slot.end}`;
const isFree = (host: HostCandidate): boolean => host.reachable && host.free.length > 0;

describe('routing properties', () => {
  it('chosen hosts are reachable, uncapped and free for every returned slot; the verdict fits the mode', () => {
    fc.assert(
      fc.property(world, ({ hosts, config, prospectDomain }) => {
        const routing: RoutingConfig = { ...base, ...config };
        const verdict = route({ config: routing, candidates: hosts, prospectDomain, freeMailDomains: new Set(['gmail.com']) });
        expect(verdict.considered.map((c) => c.hostId).sort()).toEqual(hosts.map((h) => h.hostId).sort());
        if (!verdict.ok) {
          if (verdict.decidedBy === 'round_robin' || verdict.decidedBy === 'priority') expect(hosts.some(isFree)).toBe(false);
          return;
        }
        const chosen = verdict.hostIds.map((id) => hosts.find((h) => h.hostId === id)!);
        expect(new Set(verdict.hostIds).size).toBe(verdict.hostIds.length);
        expect(verdict.slots.length).toBeGreaterThan(0);
        for (const host of chosen) {
          expect(isFree(host)).toBe(true);
          const free = new Set(host.free.map(key));
          for (const slot of verdict.slots) expect(free.has(key(slot))).toBe(true);
        }
        expect(verdict.slots).toEqual([...verdict.slots].sort((a, b) => a.start - b.start));
        const expectedCount = { collective: hosts.length, fixed_rotating: 2 }[verdict.decidedBy as string] ?? 1;
        expect(verdict.hostIds).toHaveLength(expectedCount);
        if (verdict.decidedBy === 'fixed_rotating') expect(verdict.hostIds[0]).toBe(routing.fixedHostId);
        if (verdict.decidedBy === 'collective') expect(verdict.slots).toEqual(intersectAll(hosts.map((h) => h.free)));
      }),
      { numRuns: 500 },
    );
  });

  it('the fallback chain serves from the pool it names, or says nobody anywhere was free', () => {
    fc.assert(
      fc.property(world, ({ hosts, config, prospectDomain }) => {
        const routing: RoutingConfig = { ...base, ...config, mode: 'round_robin' };
        const team = hosts.slice(0, 2).map((h) => h.hostId);
        const verdict = routeWithFallback({ config: routing, team, candidates: hosts, prospectDomain, freeMailDomains: new Set() });
        const pools = [team, ...routing.fallbackPools];
        const anyoneFree = pools.some((pool) => hosts.some((h) => pool.includes(h.hostId) && isFree(h)));
        expect(verdict.ok).toBe(anyoneFree);
        if (verdict.ok) {
          const pool = verdict.servedBy === 'team' ? team : routing.fallbackPools[verdict.servedBy]!;
          expect(pool).toContain(verdict.verdict.hostIds[0]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('calibrated shortfalls always add up to zero', () => {
    fc.assert(
      fc.property(team, (hosts) => {
        const total = [...fairShares(hosts).values()].reduce((sum, share) => sum + share.shortfall, 0);
        expect(Math.abs(total)).toBeLessThan(1e-9);
      }),
    );
  });
});

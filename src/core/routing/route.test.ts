import { describe, expect, it } from 'vitest';
import { at, testCampaign, testCandidate } from '../../../test/support/scenario.js';
import type { RoutingConfig } from '../../config/types.js';
import type { Interval } from '../interval.js';
import { route, routeWithFallback } from './route.js';
import type { HostCandidate, RouteInput, RoutingVerdict } from './types.js';

const BASE = at('2026-01-05T09:00');
const HALF_HOUR = 1_800_000;
/** Slots numbered by half-hours from 09:00. */
const slots = (...indexes: number[]): Interval[] => indexes.map((i) => ({ start: BASE + i * HALF_HOUR, end: BASE + (i + 1) * HALF_HOUR }));
const config = (partial: Partial<RoutingConfig>): RoutingConfig => ({ ...testCampaign({ hostIds: ['a'] }).routing, ...partial });
const FREE_MAIL = new Set(['gmail.com']);
const input = (routing: Partial<RoutingConfig>, candidates: HostCandidate[], prospectDomain: string | null = null): RouteInput => ({
  config: config(routing),
  candidates,
  prospectDomain,
  freeMailDomains: FREE_MAIL,
});
const chosen = (verdict: RoutingVerdict) => (verdict.ok ? { hostIds: verdict.hostIds, slots: verdict.slots, why: verdict.why } : verdict.reason);
const statuses = (verdict: RoutingVerdict) => Object.fromEntries(verdict.considered.map((c) => [c.hostId, c.status]));

describe('round_robin', () => {
  const team = [
    testCandidate('a', 0, { reachable: false, free: [] }),
    testCandidate('b', 1, { free: [], capped: true }),
    testCandidate('c', 2, { free: [] }),
    testCandidate('d', 3, { free: slots(4, 5), bookedAt: [1, 2] }),
    testCandidate('e', 4, { free: slots(1), bookedAt: [3] }),
  ];

  it('picks among hosts with free time only, and offers the winner’s slots', () => {
    const verdict = route(input({ mode: 'round_robin' }, team));
    expect(chosen(verdict)).toEqual({ hostIds: ['e'], slots: slots(1), why: 'largest_shortfall' });
    expect(statuses(verdict)).toEqual({ a: 'unreachable', b: 'at_cap', c: 'no_free_time', d: 'free', e: 'free' });
    expect(verdict).toMatchObject({ mode: 'round_robin', decidedBy: 'round_robin' });
    expect(verdict.ok && verdict.reason).toBe('e is furthest below their fair share (booked/expected: e 1/1.50, d 2/1.50)');
    expect(verdict.considered.find((c) => c.hostId === 'a')).toMatchObject({ expected: null, shortfall: null });
  });

  it('says nobody is free instead of guessing', () => {
    const verdict = route(input({ mode: 'round_robin' }, team.slice(0, 3)));
    expect(verdict).toMatchObject({ ok: false, reason: 'nobody_free', summary: 'nobody in the team has free time' });
  });
});

describe('collective', () => {
  it.each([
    ['everyone free: the common slots, everyone attends', [slots(1, 2, 3), slots(2, 3, 4), slots(0, 2, 3)], { hostIds: ['a', 'b', 'c'], slots: slots(2, 3), why: 'everyone_free' }],
    ['no slot in common', [slots(1), slots(2), slots(1, 2)], 'nobody_free'],
    ['one without free time blocks everyone', [slots(1), [], slots(1)], 'nobody_free'],
  ])('%s', (_name, free, expected) => {
    const team = free.map((f, i) => testCandidate('abc'[i]!, i, { free: f }));
    expect(chosen(route(input({ mode: 'collective' }, team)))).toEqual(expected);
  });

  it('explains who was missing', () => {
    const team = [testCandidate('a', 0), testCandidate('b', 1, { reachable: false }), testCandidate('c', 2, { free: [], capped: true })];
    const verdict = route(input({ mode: 'collective' }, team));
    expect(verdict.ok || verdict.summary).toBe('everyone must attend: b is unreachable, c is at their cap');
    const apart = route(input({ mode: 'collective' }, [testCandidate('a', 0, { free: slots(1) }), testCandidate('b', 1, { free: slots(2) })]));
    expect(statuses(apart)).toEqual({ a: 'no_common_time', b: 'no_common_time' });
  });
});

describe('owner_first', () => {
  const owners = { 'acme.com': 'b', 'gmail.com': 'b', 'globex.com': 'x' };
  const team = [testCandidate('a', 0, { free: slots(1) }), testCandidate('b', 1, { free: slots(2), bookedAt: [1, 2, 3] })];
  const busyOwner = [team[0]!, testCandidate('b', 1, { free: [] })];
  it.each([
    ['the owner of the domain', team, 'acme.com', 'b', 'owner_first', 'owner_free'],
    ['a subdomain belongs to the parent account', team, 'eu.sales.acme.com', 'b', 'owner_first', 'owner_free'],
    ['case and a trailing dot do not matter', team, 'ACME.com.', 'b', 'owner_first', 'owner_free'],
    ['a free-mail domain never matches', team, 'gmail.com', 'a', 'round_robin', 'free_mail'],
    ['owner without free time: fallback', busyOwner, 'acme.com', 'a', 'round_robin', 'owner_not_free'],
    ['owner outside the team: fallback', team, 'globex.com', 'a', 'round_robin', 'owner_not_in_team'],
    ['unknown domain: fallback', team, 'initech.com', 'a', 'round_robin', 'no_owner'],
    ['no domain: fallback', team, null, 'a', 'round_robin', 'no_domain'],
  ])('%s', (_name, candidates, domain, winner, decidedBy, outcome) => {
    const verdict = route(input({ mode: 'owner_first', accountOwners: owners }, candidates, domain));
    expect(verdict.ok && verdict.hostIds).toEqual([winner]);
    expect(verdict).toMatchObject({ mode: 'owner_first', decidedBy, owner: { outcome } });
  });

  it('falls back to the configured mode, here collective', () => {
    const verdict = route(input({ mode: 'owner_first', accountOwners: owners, fallbackMode: 'collective' }, busyOwner, 'acme.com'));
    expect(verdict).toMatchObject({ ok: false, reason: 'nobody_free', decidedBy: 'collective', owner: { ownerId: 'b', domain: 'acme.com' } });
  });
});

describe('priority', () => {
  const tiers = [['a', 'b'], ['c']];
  it.each([
    ['the first tier decides, round robin inside it', [slots(1), slots(2), slots(3), slots(4)], [3, 1, 0, 0], 'b', 0],
    ['a lower tier only when nobody above is free', [[], [], slots(3), slots(4)], [0, 0, 5, 0], 'c', 1],
    ['hosts in no tier come last', [[], [], [], slots(4)], [0, 0, 0, 0], 'd', 2],
  ])('%s', (_name, free, booked, winner, tier) => {
    const team = free.map((f, i) => testCandidate('abcd'[i]!, i, { free: f, bookedAt: Array.from({ length: booked[i]! }, (_, n) => n) }));
    const verdict = route(input({ mode: 'priority', tiers }, team));
    expect(verdict).toMatchObject({ ok: true, hostIds: [winner], tier });
    expect(verdict.considered.map((c) => c.tier)).toEqual([0, 0, 1, 2]);
  });

  it('nobody in any tier', () => {
    const verdict = route(input({ mode: 'priority', tiers }, [testCandidate('a', 0, { free: [] })]));
    expect(verdict).toMatchObject({ ok: false, summary: 'nobody in any tier has free time' });
  });
});

describe('fixed_rotating', () => {
  const fixed = testCandidate('se', 0, { free: slots(1, 2, 3, 4) });
  it('the fixed host plus the rotating host owed most among those sharing free time with them', () => {
    const verdict = route(
      input({ mode: 'fixed_rotating', fixedHostId: 'se' }, [
        fixed,
        testCandidate('r1', 1, { free: slots(3, 4, 5), bookedAt: [1, 2] }),
        testCandidate('r2', 2, { free: slots(0, 2, 4) }),
        testCandidate('r3', 3, { free: slots(6, 7) }),
        testCandidate('r4', 4, { reachable: false }),
      ]),
    );
    expect(chosen(verdict)).toEqual({ hostIds: ['se', 'r2'], slots: slots(2, 4), why: 'largest_shortfall' });
    expect(statuses(verdict)).toEqual({ se: 'free', r1: 'free', r2: 'free', r3: 'no_common_time', r4: 'unreachable' });
    expect(verdict.considered.map((c) => c.role)).toEqual(['fixed', 'rotating', 'rotating', 'rotating', 'rotating']);
  });

  it.each([
    ['the fixed host has no free time', { free: [] }, slots(1), 'the fixed host se is without free time'],
    ['no rotating host shares a slot', {}, slots(9), 'no rotating host shares a free slot with se'],
  ])('%s: nobody', (_name, fixedPartial, rotatingFree, summary) => {
    const verdict = route(
      input({ mode: 'fixed_rotating', fixedHostId: 'se' }, [{ ...fixed, ...fixedPartial }, testCandidate('r', 1, { free: rotatingFree })]),
    );
    expect(verdict).toMatchObject({ ok: false, summary });
  });

  it('a fixed host missing from the team is a configuration error', () => {
    expect(() => route(input({ mode: 'fixed_rotating', fixedHostId: 'zz' }, [fixed]))).toThrow(/fixed host \(zz\)/);
  });
});

describe('determinism', () => {
  it.each(['round_robin', 'collective', 'priority', 'fixed_rotating'] as const)('%s: the same input in any order, the same verdict; input untouched', (mode) => {
    const team = ['a', 'b', 'c', 'd'].map((id, i) =>
      testCandidate(id, i, { free: slots(i, 4, 5, 6), bookedAt: [i], lastBookedAt: i === 1 ? null : i }),
    );
    const frozen = structuredClone(team);
    const routing = { mode, tiers: [['c'], ['a', 'b']], fixedHostId: 'b' };
    const once = route(input(routing, team));
    expect(route(input(routing, [...team].reverse()))).toEqual(once);
    expect(route(input(routing, [team[2]!, team[0]!, team[3]!, team[1]!]))).toEqual(once);
    expect(team).toEqual(frozen);
  });
});

describe('routeWithFallback', () => {
  const candidates = [
    testCandidate('a', 9, { free: [] }),
    testCandidate('b', 9, { reachable: false }),
    testCandidate('p', 9, { free: [] }),
    testCandidate('q', 9, { free: slots(2), bookedAt: [1] }),
    testCandidate('r', 9, { free: slots(3) }),
  ];
  const chain = (fallbackPools: string[][], mode: RoutingConfig['mode'] = 'collective') =>
    routeWithFallback({ config: config({ mode, fallbackPools }), team: ['a', 'b'], candidates, prospectDomain: null, freeMailDomains: FREE_MAIL });

  it('walks the pools in order; pools route round robin, in their own order', () => {
    const verdict = chain([['p'], ['r', 'q', 'zz']]);
    expect(verdict).toMatchObject({ ok: true, servedBy: 1, verdict: { hostIds: ['r'], mode: 'round_robin', why: 'largest_shortfall' } });
    expect(verdict.attempts.map((a) => [a.pool, a.verdict.ok, a.verdict.mode])).toEqual([
      ['team', false, 'collective'],
      [0, false, 'round_robin'],
      [1, true, 'round_robin'],
    ]);
    expect(verdict.attempts[2]!.verdict.considered.map((c) => [c.hostId, c.order, c.status])).toEqual([
      ['r', 0, 'free'],
      ['q', 1, 'free'],
      ['zz', 2, 'unreachable'],
    ]);
  });

  it('the team first when it can', () => {
    const verdict = routeWithFallback({
      config: config({ fallbackPools: [['q']] }),
      team: ['r'],
      candidates,
      prospectDomain: null,
      freeMailDomains: FREE_MAIL,
    });
    expect(verdict).toMatchObject({ ok: true, servedBy: 'team', verdict: { hostIds: ['r'] } });
    expect(verdict.attempts).toHaveLength(1);
  });

  it('nobody anywhere: the caller hands over to the owner', () => {
    expect(chain([['p']])).toMatchObject({ ok: false, reason: 'nobody_free', attempts: [{ pool: 'team' }, { pool: 0 }] });
    expect(chain([])).toMatchObject({ ok: false, attempts: [{ pool: 'team' }] });
  });
});

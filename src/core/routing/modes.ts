import type { RoutingMode } from '../../config/types.js';
import type { Interval } from '../interval.js';
import { intersectAll, intersectSlots } from '../team-slots.js';
import { fairShares, rankRoundRobin, type FairShare } from './fairness.js';
import type {
  ConsideredHost,
  FairReason,
  HostCandidate,
  HostStatus,
  NotRouted,
  Routed,
  RoutingVerdict,
  WinReason,
} from './types.js';

/** The configured mode and the one deciding; owner_first hands its fallback mode in. */
export interface Labels {
  mode: RoutingMode;
  decidedBy: RoutingMode;
}

/** round_robin: the eligible host furthest below their calibrated fair share. */
export function roundRobin(candidates: readonly HostCandidate[], labels: Labels): RoutingVerdict {
  const eligible = candidates.filter(isFree);
  const shares = fairShares(eligible);
  const considered = candidates.map((c) => consider(c, shares));
  if (eligible.length === 0) return notRouted(labels, considered, 'nobody in the team has free time');
  const pick = pickFair(eligible, shares);
  return routed(labels, considered, [pick.winner.hostId], pick.winner.free, pick.why, pick.reason);
}

/** collective: every host must be free at the same slot; all attend. */
export function collective(candidates: readonly HostCandidate[], labels: Labels): RoutingVerdict {
  const considered = candidates.map((c) => consider(c));
  if (candidates.length === 0) return notRouted(labels, considered, 'the team is empty');
  const missing = considered.filter((c) => c.status !== 'free');
  if (missing.length > 0) return notRouted(labels, considered, `everyone must attend: ${describe(missing)}`);
  const slots = intersectAll(candidates.map((c) => c.free));
  const ids = candidates.map((c) => c.hostId);
  if (slots.length === 0) {
    for (const host of considered) host.status = 'no_common_time';
    return notRouted(labels, considered, `${ids.join(', ')} have no free slot in common`);
  }
  return routed(labels, considered, ids, slots, 'everyone_free', `${ids.join(', ')} are all free for ${slots.length} slot(s)`);
}

/** priority: the first tier with anyone free decides, round robin inside it; unlisted hosts come last. */
export function priority(candidates: readonly HostCandidate[], tierIds: readonly string[][], labels: Labels): RoutingVerdict {
  const tiers = tiersOf(candidates, tierIds);
  const deciding = tiers.findIndex((tier) => tier.some(isFree));
  const eligible = deciding < 0 ? [] : tiers[deciding]!.filter(isFree);
  const shares = fairShares(eligible);
  const considered = tiers
    .flatMap((tier, index) => tier.map((c): ConsideredHost => ({ ...consider(c, shares), tier: index })))
    .sort((a, b) => a.order - b.order);
  if (deciding < 0) return notRouted(labels, considered, 'nobody in any tier has free time');
  const { winner, why, reason } = pickFair(eligible, shares);
  return { ...routed(labels, considered, [winner.hostId], winner.free, why, `tier ${deciding + 1}: ${reason}`), tier: deciding };
}

/** fixed_rotating: the fixed host plus the rotating host, by round robin, among those sharing free slots with them. */
export function fixedRotating(candidates: readonly HostCandidate[], fixedHostId: string | null, labels: Labels): RoutingVerdict {
  const fixed = candidates.find((c) => c.hostId === fixedHostId);
  if (!fixed) throw new RangeError(`fixed_rotating needs its fixed host (${String(fixedHostId)}) in the team`);
  const rotating = candidates.filter((c) => c !== fixed);
  const common = new Map<HostCandidate, Interval[]>();
  for (const host of rotating) {
    if (isFree(fixed) && isFree(host)) common.set(host, intersectSlots(fixed.free, host.free));
  }
  const eligible = rotating.filter((host) => (common.get(host)?.length ?? 0) > 0);
  const shares = fairShares(eligible);
  const considered = candidates.map((c): ConsideredHost => {
    const entry = consider(c, shares);
    if (c === fixed) return { ...entry, role: 'fixed' };
    const status: HostStatus = common.has(c) && !eligible.includes(c) ? 'no_common_time' : entry.status;
    return { ...entry, status, role: 'rotating' };
  });
  if (!isFree(fixed)) return notRouted(labels, considered, `the fixed host ${fixed.hostId} is ${STATUS_WORDS[statusOf(fixed)]}`);
  if (eligible.length === 0) return notRouted(labels, considered, `no rotating host shares a free slot with ${fixed.hostId}`);
  const { winner, why, reason } = pickFair(eligible, shares);
  return routed(labels, considered, [fixed.hostId, winner.hostId], common.get(winner)!, why, `${fixed.hostId} (fixed) with ${reason}`);
}

export function isFree(candidate: HostCandidate): boolean {
  return candidate.reachable && candidate.free.length > 0;
}

function statusOf(candidate: HostCandidate): HostStatus {
  if (!candidate.reachable) return 'unreachable';
  if (candidate.free.length > 0) return 'free';
  return candidate.capped ? 'at_cap' : 'no_free_time';
}

export function consider(candidate: HostCandidate, shares?: ReadonlyMap<string, FairShare>): ConsideredHost {
  const share = shares?.get(candidate.hostId);
  const since = candidate.availableSince ?? -Infinity;
  return {
    hostId: candidate.hostId,
    order: candidate.order,
    weight: candidate.weight,
    status: statusOf(candidate),
    freeSlots: candidate.free.length,
    bookings: share?.bookings ?? candidate.bookedAt.filter((t) => t >= since).length,
    expected: share?.expected ?? null,
    shortfall: share?.shortfall ?? null,
    lastBookedAt: candidate.lastBookedAt,
    availableSince: candidate.availableSince,
  };
}

export function routed(
  labels: Labels,
  considered: ConsideredHost[],
  hostIds: string[],
  slots: readonly Interval[],
  why: WinReason,
  reason: string,
): Routed {
  return { ok: true, ...labels, hostIds, slots: slots.map((s) => ({ start: s.start, end: s.end })), why, reason, considered };
}

function notRouted(labels: Labels, considered: ConsideredHost[], summary: string): NotRouted {
  return { ok: false, reason: 'nobody_free', ...labels, summary, considered };
}

interface FairPick {
  winner: HostCandidate;
  why: FairReason;
  reason: string;
}

function pickFair(eligible: readonly HostCandidate[], shares: ReadonlyMap<string, FairShare>): FairPick {
  const { ranked, why } = rankRoundRobin(eligible, shares);
  const winner = ranked[0]!;
  const tally = ranked
    .map((host) => {
      const share = shares.get(host.hostId)!;
      return `${host.hostId} ${share.bookings}/${share.expected.toFixed(2)}`;
    })
    .join(', ');
  const because: Record<FairReason, string> = {
    only_one_free: 'is the only one free',
    largest_shortfall: 'is furthest below their fair share',
    least_recently_booked: 'is level on fair share and was booked least recently',
    team_order: 'is level on fair share and booking recency, and comes first in the list',
  };
  return { winner, why, reason: `${winner.hostId} ${because[why]} (booked/expected: ${tally})` };
}

/** Tier lists as candidates, ids not in the team dropped, each host in its first tier only. */
function tiersOf(candidates: readonly HostCandidate[], tierIds: readonly string[][]): HostCandidate[][] {
  const tierOf = new Map<string, number>();
  tierIds.forEach((ids, index) => ids.forEach((id) => tierOf.has(id) || tierOf.set(id, index)));
  const tiers: HostCandidate[][] = tierIds.map(() => []);
  const unlisted: HostCandidate[] = [];
  for (const candidate of candidates) {
    const index = tierOf.get(candidate.hostId);
    if (index === undefined) unlisted.push(candidate);
    else tiers[index]!.push(candidate);
  }
  return unlisted.length > 0 ? [...tiers, unlisted] : tiers;
}

const STATUS_WORDS: Record<HostStatus, string> = {
  free: 'free',
  unreachable: 'unreachable',
  at_cap: 'at their cap',
  no_free_time: 'without free time',
  no_common_time: 'never free with the others',
};

function describe(hosts: readonly ConsideredHost[]): string {
  return hosts.map((h) => `${h.hostId} is ${STATUS_WORDS[h.status]}`).join(', ');
}

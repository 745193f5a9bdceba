import type { RoutingConfig } from '../../config/types.js';
import type { BookingRecord } from '../host-limits.js';
import type { FairReason, HostCandidate } from './types.js';

const DAY_MS = 86_400_000;
/** Shares are sums of fractions; differences below this are rounding, i.e. a tie. */
const EPSILON = 1e-9;

/**
 * When each host's bookings that count for round robin were made, sorted: those booked within the
 * fairness window ending at `now`, cancelled ones and no-shows only when the campaign says so.
 */
export function countForFairness(
  bookings: readonly Pick<BookingRecord, 'hostId' | 'bookedAt' | 'status'>[],
  config: Pick<RoutingConfig, 'fairnessWindowDays' | 'countCancelled' | 'countNoShows'>,
  now: number,
): Map<string, number[]> {
  const from = now - config.fairnessWindowDays * DAY_MS;
  const byHost = new Map<string, number[]>();
  for (const booking of bookings) {
    if (booking.bookedAt < from || booking.bookedAt > now) continue;
    if (booking.status === 'cancelled' && !config.countCancelled) continue;
    if (booking.status === 'no_show' && !config.countNoShows) continue;
    const times = byHost.get(booking.hostId) ?? [];
    times.push(booking.bookedAt);
    byHost.set(booking.hostId, times);
  }
  for (const times of byHost.values()) times.sort((a, b) => a - b);
  return byHost;
}

export interface FairShare {
  /** Bookings counted: those made since the host's availableSince. */
  bookings: number;
  expected: number;
  /** expected − bookings: positive means owed meetings. */
  shortfall: number;
}

/**
 * Calibrated fair shares among `hosts` (the ones that could take this meeting). Every counted
 * booking is owed to the hosts that were available when it was made, in proportion to weight:
 *
 *   expected(h) = weight(h) × Σ over bookings b made at t ≥ since(h) of 1 / W(t),
 *   W(t) = Σ weight(j) over hosts j with since(j) ≤ t,
 *
 * where since(h) is availableSince (−∞ when null) and a host's bookings before since(h) are left
 * out. Without availableSince this is the plain `total × weight / Σ weights`. A rep who joins, or
 * returns from leave, starts level with everyone (expected = actual = 0) and from then on earns
 * their share of new bookings, so they are neither flooded with the backlog nor starved. The
 * expected shares always add up to the bookings counted, so shortfalls add up to zero.
 */
export function fairShares(hosts: readonly HostCandidate[]): Map<string, FairShare> {
  for (const host of hosts) {
    if (!(host.weight > 0 && Number.isFinite(host.weight))) throw new RangeError(`Weight of ${host.hostId} must be positive`);
  }
  const since = (host: HostCandidate): number => host.availableSince ?? -Infinity;
  const counted = hosts.map((host) => host.bookedAt.filter((t) => t >= since(host)));
  const times = Float64Array.from(counted.flat()).sort();
  const joins = [...hosts].sort((a, b) => since(a) - since(b));
  // owed[i] = Σ 1/W(t) over bookings i.. (times ascending): what one unit of weight earns from t_i on.
  const owed = new Float64Array(times.length + 1);
  const unit = new Float64Array(times.length);
  for (let i = 0, j = 0, weight = 0; i < times.length; i++) {
    while (j < joins.length && since(joins[j]!) <= times[i]!) weight += joins[j++]!.weight;
    // weight > 0: the booking's own host joined at or before it.
    unit[i] = 1 / weight;
  }
  for (let i = times.length - 1; i >= 0; i--) owed[i] = owed[i + 1]! + unit[i]!;
  const shares = new Map<string, FairShare>();
  hosts.forEach((host, index) => {
    const expected = host.weight * owed[firstAtOrAfter(times, since(host))]!;
    const bookings = counted[index]!.length;
    shares.set(host.hostId, { bookings, expected, shortfall: expected - bookings });
  });
  return shares;
}

/**
 * Round robin among `eligible` (non-empty): furthest below fair share first, then least recently
 * booked (never booked first), then team order. Says which rule separated the winner from the next.
 */
export function rankRoundRobin(
  eligible: readonly HostCandidate[],
  shares: ReadonlyMap<string, FairShare>,
): { ranked: HostCandidate[]; why: FairReason } {
  const shortfall = (host: HostCandidate): number => shares.get(host.hostId)!.shortfall;
  const byShortfall = (a: HostCandidate, b: HostCandidate): number => {
    const difference = shortfall(b) - shortfall(a);
    return Math.abs(difference) > EPSILON ? difference : 0;
  };
  // Two never-booked hosts give −∞ − −∞ = NaN, which `|| 0` turns into the tie it is.
  const byRecency = (a: HostCandidate, b: HostCandidate): number =>
    (a.lastBookedAt ?? -Infinity) - (b.lastBookedAt ?? -Infinity) || 0;
  const ranked = [...eligible].sort((a, b) => byShortfall(a, b) || byRecency(a, b) || a.order - b.order);
  const [winner, next] = ranked;
  let why: FairReason = 'only_one_free';
  if (winner && next) {
    if (byShortfall(winner, next) !== 0) why = 'largest_shortfall';
    else why = byRecency(winner, next) !== 0 ? 'least_recently_booked' : 'team_order';
  }
  return { ranked, why };
}

/** Index of the first time ≥ t in ascending `times` (binary search). */
function firstAtOrAfter(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What routing knows about one host of a campaign at decision time. */
export interface HostCandidate {
  hostId: string;
  /** Position in the campaign's team list: the last tie-breaker, so the outcome is stable. */
  order: number;
  /** Meetings the service booked for this host in the fairness window. */
  bookingsInWindow: number;
  lastBookedAt: number | null;
  /** Free slots in the horizon; 0 leaves the host out. */
  freeSlotCount: number;
  /** False when the host's calendar could not be read; such a host is never guessed free. */
  reachable: boolean;
}

export type RoutingVerdict =
  | { ok: true; hostId: string; reason: string; considered: HostCandidate[] }
  | { ok: false; reason: 'nobody_free'; considered: HostCandidate[] };

/**
 * Round robin: among hosts with free time, the one with the fewest bookings in the window
 * wins; ties go to the least recently booked (never booked first), then to team order.
 */
export function chooseRoundRobin(candidates: readonly HostCandidate[]): RoutingVerdict {
  const considered = [...candidates];
  const eligible = considered.filter((host) => host.reachable && host.freeSlotCount > 0);
  if (eligible.length === 0) return { ok: false, reason: 'nobody_free', considered };
  const winner = [...eligible].sort(
    (a, b) =>
      a.bookingsInWindow - b.bookingsInWindow ||
      (a.lastBookedAt ?? -Infinity) - (b.lastBookedAt ?? -Infinity) ||
      a.order - b.order,
  )[0]!;
  const others = eligible.filter((host) => host !== winner);
  const reason =
    others.length === 0
      ? `${winner.hostId} is the only host with free time`
      : `${winner.hostId} has ${winner.bookingsInWindow} booking(s) in the window, the fewest among ${eligible
          .map((host) => `${host.hostId}=${host.bookingsInWindow}`)
          .join(', ')}; ties go to the least recently booked`;
  return { ok: true, hostId: winner.hostId, reason, considered };
}

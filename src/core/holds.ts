import { overlaps, type Interval } from './interval.js';

/**
 * A time offered to one lead and kept for them while they decide: the next leads are offered
 * other times, so a burst of replies does not all pick the same one.
 */
export interface Hold extends Interval {
  conversationId: number;
  /** The host set the time was offered with ('alice', or 'alice' and 'bob' for a collective meeting). */
  hostIds: readonly string[];
  /** Its place in the offer, 1 first: the likeliest pick, since most leads take the first option. */
  position: number;
  heldAt: number;
  expiresAt: number;
}

/** The holds that stand in the way of a meeting with `hostIds`: any host in common. */
export function holdsOn(holds: readonly Hold[], hostIds: readonly string[]): Hold[] {
  return holds.filter((hold) => hold.hostIds.some((id) => hostIds.includes(id)));
}

export interface AroundHolds {
  /** The free slots that overlap no hold kept. */
  free: Interval[];
  /** Holds whose times may be offered again because the team ran short of time: the least likely picks, oldest first. */
  gaveWay: Hold[];
}

/**
 * Free slots with held times taken out, while the team has time to spare. Holds give way only as
 * far as needed, the least likely picks first (third options before second, the oldest first
 * among equals): second and third options so that the offer reaches the size it has with no
 * holds at all; first options only so that it has one time at all. A lead's first option is
 * what they most likely pick, so it is worth more than a newcomer's second and third choice.
 * `offerSize` is how many times an offer would make of such slots.
 */
export function aroundHolds(free: readonly Interval[], holds: readonly Hold[], offerSize: (free: Interval[]) => number): AroundHolds {
  const newestFirst = [...holds].sort((a, b) => a.position - b.position || b.heldAt - a.heldAt || b.conversationId - a.conversationId);
  const firstOptions = newestFirst.filter((hold) => hold.position === 1).length;
  // For each slot, the newest hold in its way: keeping that many holds or more takes it out.
  const blockedBy = free.map((slot) => {
    const index = newestFirst.findIndex((hold) => overlaps(slot, hold));
    return index === -1 ? Infinity : index;
  });
  const without = (kept: number) => free.filter((_, i) => blockedBy[i]! >= kept);
  const wanted = offerSize([...free]);
  const enough = (kept: number) => offerSize(without(kept)) >= (kept > firstOptions ? wanted : Math.min(1, wanted));
  // Keeping more holds never frees more time, so the most that can be kept is found by halving.
  let low = 0;
  let high = newestFirst.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (enough(middle)) low = middle;
    else high = middle - 1;
  }
  return { free: without(low), gaveWay: newestFirst.slice(low) };
}

import type { Interval } from './interval.js';
import type { OfferedTime, Understanding } from './understanding.js';

/**
 * The one slot the prospect's words select: an offered one by position or by a time inside it,
 * else the single free slot that fits the time or range they named. 'taken' when the offered
 * slot they chose is no longer free; null when nothing (or more than one thing) fits.
 */
export function chosenSlot(
  offered: readonly OfferedTime[],
  understanding: Understanding,
  hostFree: readonly Interval[],
): Interval | 'taken' | null {
  const byPosition =
    understanding.choice !== null ? offered.find((offer) => offer.position === understanding.choice) : undefined;
  const wanted = understanding.times[0];
  const picked = byPosition ?? (wanted ? onlyOne(offered.filter((offer) => fits(offer, wanted))) : undefined);
  if (picked) {
    const slot = { start: picked.start, end: picked.end };
    return isStillFree(hostFree, slot) ? slot : 'taken';
  }
  if (!wanted) return null;
  return onlyOne(hostFree.filter((free) => (isPoint(wanted) ? free.start === wanted.start : fits(free, wanted)))) ?? null;
}

/** Whether a slot (offered earlier) is still one of the free slots just read, start and end alike. */
export function isStillFree(hostFree: readonly Interval[], slot: Interval): boolean {
  return hostFree.some((free) => free.start === slot.start && free.end === slot.end);
}

function isPoint(wanted: Interval): boolean {
  return wanted.end <= wanted.start;
}

/** A point picks the slot it falls in; a range ("Thursday after 3") holds the slots inside it. */
function fits(slot: Interval, wanted: Interval): boolean {
  return isPoint(wanted)
    ? slot.start <= wanted.start && wanted.start < slot.end
    : slot.start >= wanted.start && slot.end <= wanted.end;
}

function onlyOne<T>(candidates: readonly T[]): T | undefined {
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The free slots closest to the wanted time, in time order. */
export function nearestSlots(hostFree: readonly Interval[], wanted: Interval, count: number): Interval[] {
  return [...hostFree]
    .sort((a, b) => Math.abs(a.start - wanted.start) - Math.abs(b.start - wanted.start))
    .slice(0, count)
    .sort((a, b) => a.start - b.start);
}

/** The free slots inside a window the prospect named ("next week", "Thursday after 3"). */
export function slotsWithin(hostFree: readonly Interval[], wanted: Interval): Interval[] {
  if (isPoint(wanted)) return [];
  return hostFree.filter((free) => fits(free, wanted));
}

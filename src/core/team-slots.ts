import type { Interval } from './interval.js';

/**
 * Slots present in both lists, the same start and end; both sorted by start as freeSlots returns
 * them. Two pointers, so intersecting a team stays linear in the number of slots. Hosts in zones
 * whose grids never line up (a :45 zone with a :00 one) share no slot, by design: a meeting has
 * one start for everyone.
 */
export function intersectSlots(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const common: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const order = x.start - y.start || x.end - y.end;
    if (order === 0) common.push({ start: x.start, end: x.end });
    if (order <= 0) i++;
    if (order >= 0) j++;
  }
  return common;
}

/** Slots every list has; no lists means no slots (an empty team is free at no time). */
export function intersectAll(lists: readonly (readonly Interval[])[]): Interval[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  return rest.reduce<Interval[]>((common, list) => intersectSlots(common, list), [...first]);
}

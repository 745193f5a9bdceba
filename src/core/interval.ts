/** A half-open span of time [start, end) in epoch milliseconds (UTC). */
export interface Interval {
  start: number;
  end: number;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** A point (start === end) must fall inside the span (start <= t < end); a range must overlap it. */
export function fallsIn(interval: Interval, span: Interval): boolean {
  if (interval.start === interval.end) return span.start <= interval.start && interval.start < span.end;
  return overlaps(interval, span);
}

/** Sorts and merges overlapping or touching intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ start: next.start, end: next.end });
  }
  return merged;
}

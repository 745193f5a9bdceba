import type { TimeMention } from './times.js';

/**
 * "Thursday works, but could we make it 11:30?": a time without a date belongs to the one day the
 * reply names, and once placed there it says more than the day does, so the day is dropped.
 * Otherwise "Thursday" alone would pick Thursday's offer at 11:00. Rejected mentions ("instead
 * of 11") are left out by the caller first.
 */
export function anchorToNamedDay(times: readonly TimeMention[]): TimeMention[] {
  const days = times.filter((time) => time.dated && time.shape === 'day');
  const [day] = days;
  if (!day || days.length !== 1 || times.every((time) => time.dated)) return [...times];
  return times.filter((time) => time !== day).map((time) => (time.dated ? time : onDay(time, day)));
}

function onDay(time: TimeMention, day: TimeMention): TimeMention {
  const days = Math.round(day.start.diff(time.start.startOf('day'), 'days').days);
  return { ...time, dated: true, start: time.start.plus({ days }), end: time.end.plus({ days }) };
}

/**
 * Report arithmetic over counts the store aggregated (docs/reports.md defines every figure).
 * Pure: no I/O, no clock.
 */

import { weekdayIndex } from './local-days.js';

/** How many of a group's leads (received in the window) reached each fact. */
export interface LeadCounts {
  leads: number;
  /** Were offered times (or got a meeting without an offer). */
  offered: number;
  /** Got a first agent reply. */
  replied: number;
  /** Have a confirmed meeting now (a rescheduled meeting is still one). */
  booked: number;
  /** Had a meeting that is cancelled and none confirmed. */
  cancelled: number;
  held: number;
  noShow: number;
  disqualified: number;
  handedOff: number;
  declined: number;
  unsubscribed: number;
  stalled: number;
}

/** Medians in ms over the leads each one applies to; null when none does. */
export interface LeadTimes {
  /** first agent reply sent − first inbound received */
  medianFirstReplyMs: number | null;
  /** booking confirmed − first inbound received, over booked leads */
  medianToBookingMs: number | null;
  /** start of the meeting − first inbound received, over booked leads */
  medianToMeetingMs: number | null;
}

export interface ReportFigures extends LeadCounts, LeadTimes {
  /** booked / leads, 0..1; null when there are no leads. */
  bookingRate: number | null;
}

export const NO_COUNTS: LeadCounts = {
  leads: 0,
  offered: 0,
  replied: 0,
  booked: 0,
  cancelled: 0,
  held: 0,
  noShow: 0,
  disqualified: 0,
  handedOff: 0,
  declined: 0,
  unsubscribed: 0,
  stalled: 0,
};

export const NO_TIMES: LeadTimes = { medianFirstReplyMs: null, medianToBookingMs: null, medianToMeetingMs: null };

/** Counts of disjoint groups add up to the counts of their union. */
export function sumCounts(groups: readonly LeadCounts[]): LeadCounts {
  const total = { ...NO_COUNTS };
  for (const group of groups) {
    for (const name of Object.keys(total) as Array<keyof LeadCounts>) total[name] += group[name];
  }
  return total;
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export function figures(counts: LeadCounts, times: LeadTimes): ReportFigures {
  return { ...counts, ...times, bookingRate: ratio(counts.booked, counts.leads) };
}

export type FunnelStageName = 'leads' | 'offered' | 'booked' | 'held';

export interface FunnelStage {
  stage: FunnelStageName;
  count: number;
  /** count / leads; null when there are no leads. */
  share: number | null;
}

/** leads → offered → booked → held. Each stage is a subset of the one before by definition. */
export function funnel(counts: LeadCounts): FunnelStage[] {
  const stages: Array<[FunnelStageName, number]> = [
    ['leads', counts.leads],
    ['offered', counts.offered],
    ['booked', counts.booked],
    ['held', counts.held],
  ];
  return stages.map(([stage, count]) => ({ stage, count, share: ratio(count, counts.leads) }));
}

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the week holding `instant`: report weeks are UTC, Monday first (ISO). */
export function weekStart(instant: number): number {
  // A UTC day number: weekdayIndex reads it like a local day of a zone at offset 0.
  const day = Math.floor(instant / DAY_MS);
  return (day - weekdayIndex(day)) * DAY_MS;
}

/** Every report week that overlaps [since, until), oldest first. */
export function weeksOverlapping(since: number, until: number): number[] {
  const weeks: number[] = [];
  if (until <= since) return weeks;
  for (let week = weekStart(since); week < until; week += WEEK_MS) weeks.push(week);
  return weeks;
}

/** Figures of a group that had no leads in the window. */
export function emptyFigures(): ReportFigures {
  return figures(NO_COUNTS, NO_TIMES);
}

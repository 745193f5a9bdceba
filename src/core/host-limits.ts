import { IANAZone } from 'luxon';
import type { CampaignConfig, HostConfig, MeetingCaps } from '../config/types.js';
import { mergeIntervals, overlaps, type Interval } from './interval.js';
import { localDays, weekdayIndex, type LocalDays } from './local-days.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A no-show held the rep's time like a meeting; a cancellation did not. */
export type BookingStatus = 'confirmed' | 'cancelled' | 'no_show';

/**
 * A meeting the service booked, as routing and caps need it. A meeting with several hosts
 * (collective, fixed + rotating) is one record per host.
 */
export interface BookingRecord {
  hostId: string;
  /** The campaign address the meeting was booked through. */
  campaign: string;
  /** The meeting itself. */
  start: number;
  end: number;
  /** When the service booked it: what fairness counts. */
  bookedAt: number;
  status: BookingStatus;
}

/**
 * Time the host cannot meet within `window`: each day off as the whole local day in the host's zone
 * (however long DST makes it, from its first instant: 01:00 where midnight is skipped), plus time
 * off. Sorted and merged; routing adds it to the busy time freeSlots takes (which needs no order).
 */
export function blockedTime(host: Pick<HostConfig, 'timeZone' | 'daysOff' | 'timeOff'>, window: Interval): Interval[] {
  const zone = knownZone(host.timeZone);
  // ISO dates compare as strings; two days of slack either side covers every zone offset, so only
  // the days that can touch the window are placed in the zone (a list of holidays may span years).
  const first = isoDate(window.start - 2 * DAY_MS);
  const last = isoDate(window.end + 2 * DAY_MS);
  const wanted = host.daysOff.filter((day) => checkedDate(day) >= first && day <= last);
  const days = wanted.length === 0 ? [] : wholeDays(wanted, localDays(zone));
  const timeOff = host.timeOff.filter((span) => span.end > span.start);
  return mergeIntervals([...days, ...timeOff].filter((span) => overlaps(span, window)));
}

function wholeDays(dates: readonly string[], local: LocalDays): Interval[] {
  return dates.map((date) => {
    const day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    return { start: local.dayStart(day), end: local.dayStart(day + 1) };
  });
}

/**
 * When the rep's current stretch of availability began: the later of joining the team and the end
 * of their latest time off that is over; null when neither applies. Round robin counts their fair
 * share only from then on (see fairShares). Single days off do not reset it: a holiday is part of
 * every rep's month, a leave is not.
 */
export function availableSince(input: { timeOff: readonly Interval[]; joinedAt: number | null; now: number }): number | null {
  let since = input.joinedAt;
  for (const span of input.timeOff) {
    if (span.end <= input.now && span.end > span.start && (since === null || span.end > since)) since = span.end;
  }
  return since;
}

/** A local day or ISO week (Monday first) in which the rep already has as many meetings as allowed. */
export interface CapHit {
  /** host: the rep's own cap over every campaign; campaign: their cap for this campaign. */
  scope: 'host' | 'campaign';
  period: 'day' | 'week';
  start: number;
  end: number;
  count: number;
  cap: number;
}

export interface CapInput {
  slots: readonly Interval[];
  host: Pick<HostConfig, 'id' | 'timeZone' | 'caps'>;
  campaign: Pick<CampaignConfig, 'address' | 'meeting'>;
  /** The service's bookings; other hosts' and cancelled ones are ignored here. */
  bookings: readonly Pick<BookingRecord, 'hostId' | 'campaign' | 'start' | 'status'>[];
}

/**
 * Drops the slots that start on a local day or ISO week (host zone) where the rep is already at a
 * cap: host.caps over all the service's meetings, campaign.meeting.capsPerHost over this campaign's.
 * Meetings count on the day and week they start, whenever they were booked.
 */
export function capFilter(input: CapInput): { slots: Interval[]; hits: CapHit[] } {
  const zone = knownZone(input.host.timeZone);
  const caps = { host: input.host.caps, campaign: input.campaign.meeting.capsPerHost };
  if (hasZeroCap(caps.host) || hasZeroCap(caps.campaign)) return allCapped(input.slots, caps);
  const counted = input.bookings.filter((b) => b.hostId === input.host.id && b.status !== 'cancelled');
  const uncapped = [caps.host, caps.campaign].every((c) => c.perDay === null && c.perWeek === null);
  if (uncapped || counted.length === 0) return { slots: withoutStartsIn(input.slots, []), hits: [] };
  const days = localDays(zone);
  const periods = new Map<string, PeriodCount>();
  for (const booking of counted) {
    const day = days.dayOf(booking.start);
    const sameCampaign = booking.campaign === input.campaign.address;
    tally(periods, { period: 'day', firstDay: day, length: 1 }, sameCampaign);
    tally(periods, { period: 'week', firstDay: day - weekdayIndex(day), length: 7 }, sameCampaign);
  }
  const hits: CapHit[] = [];
  for (const { key, all, campaign } of periods.values()) {
    for (const scope of ['host', 'campaign'] as const) {
      const cap = key.period === 'day' ? caps[scope].perDay : caps[scope].perWeek;
      const count = scope === 'host' ? all : campaign;
      if (cap === null || count < cap) continue;
      const span = { start: days.dayStart(key.firstDay), end: days.dayStart(key.firstDay + key.length) };
      hits.push({ scope, period: key.period, ...span, count, cap });
    }
  }
  return { slots: withoutStartsIn(input.slots, mergeIntervals(hits)), hits: hits.sort((a, b) => a.start - b.start) };
}

/** A local day or ISO week as a run of local day numbers (see local-days.ts). */
interface PeriodKey {
  period: 'day' | 'week';
  firstDay: number;
  length: number;
}

interface PeriodCount {
  key: PeriodKey;
  all: number;
  campaign: number;
}

function tally(periods: Map<string, PeriodCount>, key: PeriodKey, sameCampaign: boolean): void {
  const id = `${key.period}:${key.firstDay}`;
  let counted = periods.get(id);
  if (!counted) {
    counted = { key, all: 0, campaign: 0 };
    periods.set(id, counted);
  }
  counted.all++;
  if (sameCampaign) counted.campaign++;
}

function hasZeroCap(caps: MeetingCaps): boolean {
  return caps.perDay === 0 || caps.perWeek === 0;
}

/** A cap of 0 allows no meeting at all, so every slot goes, whether or not anything is booked. */
function allCapped(slots: readonly Interval[], caps: { host: MeetingCaps; campaign: MeetingCaps }): { slots: Interval[]; hits: CapHit[] } {
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (first === undefined || last === undefined) return { slots: [], hits: [] };
  const scope = hasZeroCap(caps.host) ? 'host' : 'campaign';
  const period = caps[scope].perDay === 0 ? 'day' : 'week';
  return { slots: [], hits: [{ scope, period, start: first.start, end: last.end, count: 0, cap: 0 }] };
}

/** Sorted slots whose start lies in none of the sorted, disjoint spans: one pointer walk. */
function withoutStartsIn(slots: readonly Interval[], spans: readonly Interval[]): Interval[] {
  const kept: Interval[] = [];
  let next = 0;
  for (const slot of slots) {
    while (next < spans.length && spans[next]!.end <= slot.start) next++;
    const span = spans[next];
    if (span === undefined || slot.start < span.start) kept.push({ start: slot.start, end: slot.end });
  }
  return kept;
}

function knownZone(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${name}`);
  return zone;
}

/** Format and calendar both: 2026-02-30 has the form of a date but is none. */
function checkedDate(day: string): string {
  if (!ISO_DATE.test(day) || isoDate(Date.parse(`${day}T00:00:00Z`)) !== day) {
    throw new RangeError(`A day off must be an ISO date such as 2026-12-24, not ${JSON.stringify(day)}`);
  }
  return day;
}

function isoDate(instant: number): string {
  return Number.isFinite(instant) ? new Date(instant).toISOString().slice(0, 10) : '';
}

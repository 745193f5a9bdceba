import type { CampaignConfig, HostConfig } from '../../config/types.js';
import { availableSince, blockedTime, capFilter, type BookingRecord } from '../host-limits.js';
import type { Interval } from '../interval.js';
import { freeSlots, type SlotRules } from '../slots.js';
import { countForFairness } from './fairness.js';
import type { HostCandidate } from './types.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface CandidateInput {
  host: HostConfig;
  campaign: CampaignConfig;
  /** Position in the team list. */
  order: number;
  now: number;
  /** Busy time read fresh from the host's calendar; null when it could not be read. */
  calendarBusy: readonly Interval[] | null;
  /**
   * The service's bookings, any host and status. Needed: those booked within the fairness window
   * (round robin) and those starting from a week before now to the horizon's end (caps, busy time).
   */
  bookings: readonly BookingRecord[];
  /** When the host joined the team, if known: round robin counts their share from then on. */
  joinedAt: number | null;
  /** The slot rules for this host's meetings in this campaign, resolved by the configuration. */
  rules: SlotRules;
}

/**
 * Everything routing needs about one host: free slots (calendar, the service's own meetings, days
 * off and time off as busy time; then caps), and the bookings fairness counts.
 */
export function buildCandidate(input: CandidateInput): HostCandidate {
  const { host, campaign, now } = input;
  const own = input.bookings.filter((b) => b.hostId === host.id);
  const counted = countForFairness(own, campaign.routing, now).get(host.id) ?? [];
  const fairness = {
    bookedAt: counted,
    lastBookedAt: counted[counted.length - 1] ?? null,
    availableSince: availableSince({ timeOff: host.timeOff, joinedAt: input.joinedAt, now }),
  };
  const base = { hostId: host.id, order: input.order, weight: host.weight, ...fairness };
  if (input.calendarBusy === null) return { ...base, reachable: false, free: [], capped: false };
  const { rules } = input;
  // One day past the horizon so a day off or meeting straddling its end still blocks (busy time is buffered).
  const window = { start: now, end: now + (rules.horizonDays + 1) * DAY_MS };
  const meetings = own.filter((b) => b.status === 'confirmed').map((b) => withOwnBuffers(b, rules));
  const busy = [...input.calendarBusy, ...meetings, ...blockedTime(host, window)];
  const free = freeSlots({ now, rules, busy });
  const capped = capFilter({ slots: free, host, campaign, bookings: own });
  return { ...base, reachable: true, free: capped.slots, capped: capped.hits.length > 0 && capped.slots.length < free.length };
}

/**
 * A meeting the service booked keeps its own buffers: with 15 minutes after and none before, the
 * next meeting may not start at its end, though that next meeting's own before-buffer (0) would
 * allow it. freeSlots already keeps the new slot's buffers clear, so the meeting grows only by what
 * they lack, and two meetings end up max(after, before) apart: equal buffers behave as before.
 * The store keeps when meetings are, not the rules they were booked under; this campaign's buffers
 * for the host stand in for them.
 */
function withOwnBuffers(meeting: Interval, rules: SlotRules): Interval {
  const { bufferBeforeMinutes: before, bufferAfterMinutes: after } = rules;
  return {
    start: meeting.start - Math.max(0, before - after) * MINUTE_MS,
    end: meeting.end + Math.max(0, after - before) * MINUTE_MS,
  };
}

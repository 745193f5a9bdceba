import type { CampaignConfig, Config, HostConfig } from '../config/types.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import type { Interval } from '../core/interval.js';
import { freeSlots, type SlotRules } from '../core/slots.js';
import { spreadOffer } from '../core/offer.js';
import { chooseRoundRobin, type HostCandidate, type RoutingVerdict } from '../core/routing.js';
import type { Bookings } from '../store/bookings.js';
import type { Logger } from 'pino';

const DAY = 24 * 60 * 60 * 1000;
/** Round robin counts bookings over the last 30 days. */
const FAIRNESS_WINDOW = 30 * DAY;
const OFFER_SIZE = 3;

export interface AvailabilityDeps {
  config: Config;
  calendars: CalendarRegistry;
  bookings: Bookings;
  logger: Logger;
}

export interface HostAvailability {
  host: HostConfig;
  reachable: boolean;
  free: Interval[];
}

export function slotRules(host: HostConfig, campaign: CampaignConfig): SlotRules {
  return {
    timeZone: host.timeZone,
    workingHours: host.workingHours,
    durationMinutes: campaign.meeting.durationMinutes,
    stepMinutes: campaign.meeting.slotStepMinutes,
    minNoticeMinutes: campaign.meeting.minNoticeMinutes,
    horizonDays: campaign.meeting.horizonDays,
    bufferMinutes: campaign.meeting.bufferMinutes,
  };
}

/**
 * Reads the host's calendar fresh (never cached between decisions) and adds the service's own
 * bookings. An unreachable calendar makes the host unavailable; it is never guessed free.
 */
export async function hostAvailability(
  deps: AvailabilityDeps,
  host: HostConfig,
  campaign: CampaignConfig,
  now: number,
): Promise<HostAvailability> {
  const window = { start: now, end: now + (campaign.meeting.horizonDays + 1) * DAY };
  let calendarBusy: Interval[];
  try {
    calendarBusy = await deps.calendars(host).busy(host, window);
  } catch (error) {
    deps.logger.warn({ err: error, host: host.id }, 'calendar unreachable; host left out of this offer');
    return { host, reachable: false, free: [] };
  }
  const busy = [...calendarBusy, ...deps.bookings.busy(host.id, window)];
  return { host, reachable: true, free: freeSlots({ now, rules: slotRules(host, campaign), busy }) };
}

export interface Proposal {
  offer: { hostId: string; slots: Interval[] } | null;
  /** Set when routing ran (no current host with time), so the decision can be recorded. */
  routing: RoutingVerdict | null;
}

/**
 * A fresh offer: the conversation's host keeps the lead while they have time; otherwise the
 * campaign's routing mode picks among the team.
 */
export async function propose(
  deps: AvailabilityDeps,
  input: { campaign: CampaignConfig; currentHost: HostAvailability | null; prospectZone: string; now: number },
): Promise<Proposal> {
  const spread = (free: Interval[]) =>
    spreadOffer({ slots: free, count: OFFER_SIZE, timeZone: input.prospectZone });
  if (input.currentHost && input.currentHost.free.length > 0) {
    return { offer: { hostId: input.currentHost.host.id, slots: spread(input.currentHost.free) }, routing: null };
  }
  const team = input.campaign.hostIds.map((id) => deps.config.hosts.find((host) => host.id === id)!);
  const availability = await Promise.all(
    team.map((host) => hostAvailability(deps, host, input.campaign, input.now)),
  );
  const candidates: HostCandidate[] = availability.map((entry, order) => ({
    hostId: entry.host.id,
    order,
    ...deps.bookings.load(entry.host.id, input.now - FAIRNESS_WINDOW),
    freeSlotCount: entry.free.length,
    reachable: entry.reachable,
  }));
  const routing = chooseRoundRobin(candidates);
  if (!routing.ok) return { offer: null, routing };
  const chosen = availability.find((entry) => entry.host.id === routing.hostId)!;
  return { offer: { hostId: routing.hostId, slots: spread(chosen.free) }, routing };
}

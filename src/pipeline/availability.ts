import type { Logger } from 'pino';
import type { CampaignConfig, Config, HostConfig } from '../config/types.js';
import type { CalendarRegistry } from '../calendar/registry.js';
import { OFFER_SIZE, type ConversationState, type Proposal } from '../core/conversation.js';
import { overlaps, type Interval } from '../core/interval.js';
import { spreadOffer } from '../core/offer.js';
import { aroundHolds, holdsOn, type Hold } from '../core/holds.js';
import { buildCandidate, routeWithFallback, type ChainVerdict, type HostCandidate } from '../core/routing.js';
import { intersectAll } from '../core/team-slots.js';
import { FREE_MAIL_DOMAINS } from '../config/free-mail-domains.js';
import { schedulingFor, slotRules } from '../config/scheduling-rules.js';
import type { Store } from '../store/store.js';
import type { Metrics } from '../metrics/metrics.js';
import { CalendarError } from '../calendar/provider.js';
import { hostsById } from './hosts.js';

const DAY = 24 * 60 * 60 * 1000;
const OFFER_MARGIN_MINUTES = 60;
/** A turn that reserved times and died never commits: its reservation lapses by itself. */
const RESERVED_MS = 5 * 60_000;
/** Routing again because holds came meanwhile: then the last reads' hosts are offered as they are. */
const ROUTE_ATTEMPTS = 3;

export interface AvailabilityDeps {
  config: Config;
  calendars: CalendarRegistry;
  store: Store;
  metrics: Metrics;
  logger: Logger;
}

/** Why hosts were chosen, for the decisions journal and `explain`. */
export interface RoutingDecision {
  summary: string;
  detail: unknown;
}

export interface Availability {
  /** Fresh times to offer (a spread of `free`), or null when nobody anywhere has time (the owner takes over by email). */
  proposal: Proposal | null;
  /** Every slot the conversation's host set (or the routed one) is free for. */
  hostFree: Interval[];
  routing: RoutingDecision | null;
  /** Holds of other leads that had to give way for this offer, because the team ran short of time. */
  holdsGaveWay: number;
  /** Other leads' holds on the proposal's hosts when it was read (claimOffer tells newer ones from these). */
  heldWhenRead: Hold[];
}

export interface AvailabilityInput {
  campaign: CampaignConfig;
  state: ConversationState;
  prospectZone: string;
  prospectDomain: string | null;
  /** Bookings that are this conversation's own (the meeting being moved, a retried booking): not in the way. */
  ownUids: readonly string[];
  /** The conversation deciding, whose own holds are not in its way; null for a warm-up read. */
  conversationId: number | null;
  now: number;
}

/**
 * Reads calendars fresh (never cached between decisions). The conversation keeps its host set
 * while they have time; otherwise the campaign's routing mode, then its fallback pools, decide.
 */
export async function freshAvailability(
  deps: AvailabilityDeps,
  input: AvailabilityInput,
): Promise<Availability> {
  const { campaign, state, now } = input;
  if (state.hostIds.length > 0) {
    const current = await candidates(deps, campaign, state.hostIds, now, input.ownUids, await heldFor(deps, campaign, state.hostIds, input));
    const hostFree = intersectAll(current.map((candidate) => candidate.free));
    // A meeting being moved stays with its hosts unless the campaign lets a reschedule go to
    // whoever routing picks when they have no time (reschedule_keeps_host: false).
    const keepHosts = hostFree.length > 0 || (state.booking !== null && campaign.routing.rescheduleKeepsHost);
    if (keepHosts) {
      if (hostFree.length === 0) return { proposal: null, hostFree, routing: null, holdsGaveWay: 0, heldWhenRead: [] };
      return { ...await proposalOf(deps, input, state.hostIds, hostFree), hostFree, routing: null };
    }
    if (state.booking !== null) {
      // Routed elsewhere: times are offered first, so a pick is never made against hosts nobody offered.
      const routed = await route(deps, input);
      return { ...routed, hostFree: [] };
    }
  }
  return route(deps, input);
}

async function route(deps: AvailabilityDeps, input: AvailabilityInput): Promise<Availability> {
  const { campaign, now } = input;
  const pools = campaign.routing.fallbackPools;
  const everyone = [...new Set([...campaign.hostIds, ...pools.flat()])];
  let holds = await heldFor(deps, campaign, everyone, input);
  const all = await candidates(deps, campaign, everyone, now, input.ownUids, holds);
  const chainOf = (candidates: HostCandidate[]) =>
    routeWithFallback({ config: campaign.routing, team: campaign.hostIds, candidates, prospectDomain: input.prospectDomain, freeMailDomains: FREE_MAIL_DOMAINS });
  for (let attempt = 1; ; attempt++) {
    // Hosts whose time is all held for other leads are left aside while someone has room for a
    // full offer: otherwise a fair share would send leads to a rep whose holds must then give way.
    const known = holds;
    const roomy = known.length > 0 ? chainOf(all.map((candidate) => withRoomLeft(deps, input, candidate, known))) : null;
    const chain = roomy?.ok ? roomy : chainOf(all);
    if (!chain.ok) {
      return { proposal: null, hostFree: [], routing: { summary: 'nobody is free in the team or any fallback pool', detail: chain }, holdsGaveWay: 0, heldWhenRead: [] };
    }
    const { hostIds } = chain.verdict;
    const free = chain === roomy ? intersectAll(all.filter((candidate) => hostIds.includes(candidate.hostId)).map((candidate) => candidate.free)) : chain.verdict.slots;
    const summary = chain === roomy && all.some((candidate) => candidate.free.length > 0 && !isRoomy(roomy, candidate.hostId))
      ? `${chain.verdict.reason} (hosts whose free time is held for other leads left aside)`
      : chain.verdict.reason;
    // Turns deciding meanwhile may have held this host's last room since routing read the holds:
    // route again with what is held now, rather than offer times another lead holds.
    const proposed = await proposalOf(deps, input, hostIds, free, attempt < ROUTE_ATTEMPTS ? known : null);
    if ('heldSince' in proposed) {
      deps.metrics.holdConflict('rerouted');
      holds = await heldFor(deps, campaign, everyone, input);
      continue;
    }
    return { ...proposed, hostFree: free, routing: { summary, detail: chain } };
  }
}

function isRoomy(chain: ChainVerdict, hostId: string): boolean {
  return chain.attempts.some((attempt) => attempt.verdict.considered.some((host) => host.hostId === hostId && host.status === 'free'));
}

/**
 * The candidate as it stands once other leads' holds are taken out: no free time at all when
 * what is left would not make as full an offer as its calendar does.
 */
function withRoomLeft(deps: AvailabilityDeps, input: AvailabilityInput, candidate: HostCandidate, holds: readonly Hold[]): HostCandidate {
  const pad = bufferPadMs(deps.config, input.campaign, [candidate.hostId]);
  const own = holdsOn(holds, [candidate.hostId]).map((hold) => ({ start: hold.start - pad, end: hold.end + pad }));
  if (own.length === 0) return candidate;
  const unheld = candidate.free.filter((slot) => !own.some((hold) => overlaps(slot, hold)));
  const size = (slots: readonly Interval[]) => spreadOffer({ slots, count: OFFER_SIZE, timeZone: input.prospectZone }).length;
  return size(unheld) < size(candidate.free) ? { ...candidate, free: [] } : candidate;
}

/**
 * Times worth offering from a host set's free slots, spread for the prospect, around the times
 * held for other leads while the team has time to spare. The host set's free slots (hostFree)
 * stay what the calendars say: a pick is checked against them, not against holds (a hold only
 * steers what is offered).
 */
type Proposed = Pick<Availability, 'holdsGaveWay' | 'heldWhenRead'> & { proposal: Proposal };

async function proposalOf(deps: AvailabilityDeps, input: AvailabilityInput, hostIds: string[], free: Interval[]): Promise<Proposed>;
/** routedBy: the holds routing chose by; when others came since and must give way, nothing is reserved. */
async function proposalOf(
  deps: AvailabilityDeps,
  input: AvailabilityInput,
  hostIds: string[],
  free: Interval[],
  routedBy: readonly Hold[] | null,
): Promise<Proposed | { heldSince: true }>;
async function proposalOf(
  deps: AvailabilityDeps,
  input: AvailabilityInput,
  hostIds: string[],
  free: Interval[],
  routedBy: readonly Hold[] | null = null,
): Promise<Proposed | { heldSince: true }> {
  const offerable = laterThan(free, offerFrom(deps.config, input.campaign, hostIds, input.now));
  const spread = (slots: Interval[]) => spreadOffer({ slots, count: OFFER_SIZE, timeZone: input.prospectZone });
  const { conversationId, now } = input;
  if (input.campaign.offerHoldMinutes === 0) return { proposal: { hostIds, free: offerable, slots: spread(offerable) }, holdsGaveWay: 0, heldWhenRead: [] };
  // Read and reserve in one write transaction: a turn deciding at the same time (here or in
  // another worker) sees these times taken, and offers others. A reservation lost in a crash
  // costs nothing (the turn decides again), so it does not wait for the disk.
  return await deps.store.transaction(async () => {
    await deps.store.holds.takeTurn(hostIds);
    const pad = bufferPadMs(deps.config, input.campaign, hostIds);
    const heldWhenRead = await deps.store.holds.active({ hostIds, now, exceptConversation: conversationId });
    const holds = heldWhenRead.map((hold) => ({ ...hold, start: hold.start - pad, end: hold.end + pad }));
    const around = aroundHolds(offerable, holds, (slots) => spread(slots).length);
    const seen = (hold: Hold) => routedBy?.some((known) => known.conversationId === hold.conversationId && known.start === hold.start && known.heldAt === hold.heldAt);
    if (routedBy !== null && around.gaveWay.length > 0 && heldWhenRead.some((hold) => !seen(hold))) return { heldSince: true as const };
    const slots = spread(around.free);
    if (conversationId !== null && slots.length > 0) {
      await deps.store.holds.reserve(conversationId, { hostIds, slots, heldAt: now, expiresAt: now + RESERVED_MS });
    }
    return { proposal: { hostIds, free: around.free, slots }, holdsGaveWay: around.gaveWay.length, heldWhenRead };
  }, { durable: false });
}

/**
 * Reserves the times a step chose to offer, unless a turn deciding meanwhile held one of them:
 * then false, and the turn reads again. The proposal's own spread is reserved as it is read; an
 * offer of other times (inside a window the prospect named, nearest a time they asked for) is
 * reserved here, before anything slow. Holds known at the read do not count: those the offer
 * overlaps gave way on purpose.
 */
export async function claimOffer(
  deps: AvailabilityDeps,
  input: Pick<AvailabilityInput, 'campaign' | 'conversationId' | 'now'>,
  read: Pick<Availability, 'proposal' | 'heldWhenRead'>,
  offer: { hostIds: string[]; slots: readonly Interval[] },
): Promise<boolean> {
  const { campaign, conversationId, now } = input;
  if (campaign.offerHoldMinutes === 0 || conversationId === null || offer.slots.length === 0) return true;
  const same = (a: Interval, b: Interval) => a.start === b.start && a.end === b.end;
  const reserved = read.proposal?.slots ?? [];
  if (offer.slots.every((slot) => reserved.some((held) => same(held, slot)))) return true;
  return await deps.store.transaction(async () => {
    await deps.store.holds.takeTurn(offer.hostIds);
    const pad = bufferPadMs(deps.config, campaign, offer.hostIds);
    const known = (hold: Hold) => read.heldWhenRead.some((seen) => seen.conversationId === hold.conversationId && same(seen, hold) && seen.heldAt === hold.heldAt);
    const newer = (await deps.store.holds.active({ hostIds: offer.hostIds, now, exceptConversation: conversationId })).filter((hold) => !known(hold));
    if (offer.slots.some((slot) => newer.some((hold) => overlaps(slot, { start: hold.start - pad, end: hold.end + pad })))) return false;
    await deps.store.holds.dropReserved(conversationId);
    await deps.store.holds.reserve(conversationId, { hostIds: offer.hostIds, slots: offer.slots, heldAt: now, expiresAt: now + RESERVED_MS });
    return true;
  }, { durable: false });
}

/**
 * A held time, once booked, keeps its buffers free too: a time offered right after it would
 * then no longer be free when picked. Holds are widened by the larger buffer of the hosts.
 */
function bufferPadMs(config: Config, campaign: CampaignConfig, hostIds: readonly string[]): number {
  const rules = hostsById(config, hostIds).map((host) => schedulingFor(host, campaign));
  return Math.max(0, ...rules.map((rule) => Math.max(rule.bufferBeforeMinutes, rule.bufferAfterMinutes))) * 60_000;
}

/**
 * Offered times start an hour past the longest minimum notice among the hosts, so a prospect who
 * answers within the hour can still have the time they were offered (a pick is checked against
 * the notice itself).
 */
function offerFrom(config: Config, campaign: CampaignConfig, hostIds: readonly string[], now: number): number {
  const notice = Math.max(...hostsById(config, hostIds).map((host) => schedulingFor(host, campaign).minNoticeMinutes));
  return now + (notice + OFFER_MARGIN_MINUTES) * 60_000;
}

function laterThan(free: Interval[], from: number): Interval[] {
  const later = free.filter((slot) => slot.start >= from);
  return later.length > 0 ? later : free;
}

async function candidates(
  deps: AvailabilityDeps,
  campaign: CampaignConfig,
  hostIds: readonly string[],
  now: number,
  ownUids: readonly string[],
  holds: readonly Hold[],
): Promise<HostCandidate[]> {
  const hosts = hostsById(deps.config, hostIds);
  const horizonEnd = now + (campaign.meeting.horizonDays + 1) * DAY;
  const bookings = await deps.store.bookings.forRouting(hostIds, {
    bookedSince: now - campaign.routing.fairnessWindowDays * DAY,
    startFrom: now - 8 * DAY,
    startTo: horizonEnd,
  }, ownUids);
  const busy = await Promise.all(hosts.map((host) => calendarBusy(deps, host, { start: now, end: horizonEnd }, now)));
  return hosts.map((host, order) =>
    withOpenOffers(
      buildCandidate({ host, campaign, order, now, calendarBusy: busy[order]!, bookings, joinedAt: null, rules: slotRules(host, campaign) }),
      holds,
    ),
  );
}

/** Other leads' holds on these hosts, when the campaign holds offers at all. */
async function heldFor(deps: AvailabilityDeps, campaign: CampaignConfig, hostIds: readonly string[], input: AvailabilityInput): Promise<Hold[]> {
  if (campaign.offerHoldMinutes === 0) return [];
  return await deps.store.holds.active({ hostIds, now: input.now, exceptConversation: input.conversationId });
}

/**
 * A lead holding a host's times counts, for fair shares, as a meeting given to that host: in a
 * burst of replies nobody has booked yet, so without this every lead would go to the same rep.
 */
function withOpenOffers(candidate: HostCandidate, holds: readonly Hold[]): HostCandidate {
  const heldAt = new Map<number, number>();
  for (const hold of holdsOn(holds, [candidate.hostId])) heldAt.set(hold.conversationId, hold.heldAt);
  if (heldAt.size === 0) return candidate;
  const bookedAt = [...candidate.bookedAt, ...heldAt.values()].sort((a, b) => a - b);
  return { ...candidate, bookedAt, lastBookedAt: bookedAt[bookedAt.length - 1] ?? null };
}

/** Null when the calendar cannot be read: such a host is left out, never guessed free. */
async function calendarBusy(deps: AvailabilityDeps, host: HostConfig, window: Interval, now: number): Promise<Interval[] | null> {
  try {
    return await deps.calendars(host).busy(host, window);
  } catch (error) {
    const code = error instanceof CalendarError ? error.code : 'unreachable';
    deps.metrics.calendarError(host.calendar.provider, code);
    deps.logger.warn({ err: error, host: host.id }, 'calendar unreachable; host left out of this offer');
    // Kept for the reports page: ops see whose calendar keeps failing, not only a log line.
    await deps.store.journal.decide(
      {
        conversationId: null,
        messageId: null,
        kind: 'calendar',
        actor: 'code',
        summary: `${host.id}: calendar could not be read (${code}); left out of the offer`,
        detail: { hostId: host.id, provider: host.calendar.provider, code, message: (error as Error).message },
      },
      now,
    );
    return null;
  }
}

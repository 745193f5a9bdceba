import type { CampaignConfig, HostConfig, RoutingConfig, WeeklyHours } from '../../src/config/types.js';
import type { BookingRecord } from '../../src/core/host-limits.js';
import type { Interval } from '../../src/core/interval.js';
import { spreadOffer } from '../../src/core/offer.js';
import { FREE_MAIL_DOMAINS } from '../../src/config/free-mail-domains.js';
import { slotRules } from '../../src/config/scheduling-rules.js';
import { buildCandidate, routeWithFallback, type ChainVerdict, type HostCandidate } from '../../src/core/routing.js';

/** Mon–Fri 09:00–17:00. */
export const OFFICE_HOURS: WeeklyHours = (() => {
  const day = [{ startMinute: 540, endMinute: 1020 }];
  return { 1: day, 2: day, 3: day, 4: day, 5: day, 6: [], 7: [] };
})();

/** A host with every setting at its default; tests override what they are about. */
export function testHost(partial: Partial<HostConfig> & Pick<HostConfig, 'id'>): HostConfig {
  return {
    name: partial.id,
    email: `${partial.id}@acme.example`,
    timeZone: 'UTC',
    workingHours: OFFICE_HOURS,
    calendar: { provider: 'local', icsFiles: [], holdsFile: null },
    weight: 1,
    caps: { perDay: null, perWeek: null },
    daysOff: [],
    timeOff: [],
    scheduling: {},
    ...partial,
  };
}

/** A campaign's routing with every setting at its default: round robin. */
export const DEFAULT_ROUTING: RoutingConfig = {
  mode: 'round_robin',
  accountOwners: {},
  fallbackMode: 'round_robin',
  tiers: [],
  fixedHostId: null,
  fairnessWindowDays: 30,
  countCancelled: false,
  countNoShows: true,
  fallbackPools: [],
  rescheduleKeepsHost: true,
};

/** A campaign with every setting at its default; tests override what they are about. */
export function testCampaign(partial: Partial<CampaignConfig> & Pick<CampaignConfig, 'hostIds'>): CampaignConfig {
  return {
    address: 'campaign@meet.acme.example',
    name: 'Test campaign',
    routing: structuredClone(DEFAULT_ROUTING),
    timeZone: 'UTC',
    ownerId: partial.hostIds[0]!,
    meeting: {
      title: 'Intro call',
      overrides: {},
      // The longest horizon over reps at the defaults; set it too when a test gives reps their own.
      horizonDays: 14,
      remindersBeforeMinutes: [],
      location: null,
      capsPerHost: { perDay: null, perWeek: null },
    },
    senderName: 'Acme Scheduling',
    forwardTo: null,
    onAuthenticationFailure: 'record',
    faq: [],
    templates: {},
    followUpAfterHours: null,
    offerHoldMinutes: 1440,
    llmModel: null,
    limits: { messagesPerConversation: 20, messagesPerSenderPerDay: 10 },
    ...partial,
  };
}

/** An instant written as ISO; without an offset it is UTC. */
export function at(iso: string): number {
  return Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

export function span(from: string, to: string): Interval {
  return { start: at(from), end: at(to) };
}

/** A routing candidate with 10 free slots on 2026-01-05 and nothing booked; tests override the rest. */
export function testCandidate(hostId: string, order: number, partial: Partial<HostCandidate> = {}): HostCandidate {
  const day = at('2026-01-05T09:00');
  return {
    hostId,
    order,
    weight: 1,
    reachable: true,
    free: Array.from({ length: 10 }, (_, i) => ({ start: day + i * 1_800_000, end: day + (i + 1) * 1_800_000 })),
    capped: false,
    bookedAt: [],
    lastBookedAt: null,
    availableSince: null,
    ...partial,
  };
}

/** A confirmed meeting for the test campaign, booked a day before it starts. */
export function testBooking(partial: Partial<BookingRecord> & Pick<BookingRecord, 'hostId' | 'start'>): BookingRecord {
  return {
    campaign: 'campaign@meet.acme.example',
    end: partial.start + 1_800_000,
    bookedAt: partial.start - 86_400_000,
    status: 'confirmed',
    ...partial,
  };
}

/** A team, their calendars and the service's bookings at one moment: the input of one routing decision. */
export interface Scenario {
  now: string;
  /** Everyone routing may look at: the campaign's team and the hosts of its fallback pools. */
  hosts: HostConfig[];
  campaign: CampaignConfig;
  /** Calendar busy time per host id. */
  busy?: Record<string, Interval[]>;
  /** Hosts whose calendar cannot be read. */
  unreachable?: string[];
  bookings?: BookingRecord[];
  joinedAt?: Record<string, number>;
  /** The prospect's address, for owner_first. */
  prospect?: string;
  /** The zone the offer is spread in; default the campaign's. */
  prospectZone?: string;
}

export interface ScenarioOutcome {
  candidates: HostCandidate[];
  verdict: ChainVerdict;
  /** The three times the prospect would be offered; empty when nobody is free. */
  offer: Interval[];
}

/** Runs a scenario the way the pipeline decides: candidates, routing with fallback pools, the spread offer. */
export function runScenario(scenario: Scenario): ScenarioOutcome {
  const now = at(scenario.now);
  const candidates = scenario.hosts.map((host, order) =>
    buildCandidate({
      host,
      campaign: scenario.campaign,
      order,
      now,
      calendarBusy: scenario.unreachable?.includes(host.id) ? null : (scenario.busy?.[host.id] ?? []),
      bookings: scenario.bookings ?? [],
      joinedAt: scenario.joinedAt?.[host.id] ?? null,
      rules: slotRules(host, scenario.campaign),
    }),
  );
  const verdict = routeWithFallback({
    config: scenario.campaign.routing,
    team: scenario.campaign.hostIds,
    candidates,
    prospectDomain: scenario.prospect?.split('@')[1] ?? null,
    freeMailDomains: FREE_MAIL_DOMAINS,
  });
  const timeZone = scenario.prospectZone ?? scenario.campaign.timeZone;
  const offer = verdict.ok ? spreadOffer({ slots: verdict.verdict.slots, count: 3, timeZone }) : [];
  return { candidates, verdict, offer };
}

import type { RoutingConfig, RoutingMode } from '../../config/types.js';
import type { Interval } from '../interval.js';

/** What routing knows about one host at decision time (see buildCandidate). */
export interface HostCandidate {
  hostId: string;
  /** Position in the team or pool list: the last tie-breaker, so the outcome is stable. */
  order: number;
  /** Share of round-robin meetings relative to the others (positive). */
  weight: number;
  /** False when the host's calendar could not be read; such a host is never guessed free. */
  reachable: boolean;
  /** Free slots in the horizon after time off and caps, sorted by start. */
  free: readonly Interval[];
  /** True when caps removed slots: tells "at cap" apart from "no free time" in explanations. */
  capped: boolean;
  /** When each booking that counts for fairness was made (see countForFairness). */
  bookedAt: readonly number[];
  lastBookedAt: number | null;
  /** Start of the host's current stretch of availability (joined, back from leave); null = always. */
  availableSince: number | null;
}

export type HostStatus = 'free' | 'unreachable' | 'at_cap' | 'no_free_time' | 'no_common_time';

/** One host as the decision saw it: plain data for the decisions table and `explain`. */
export interface ConsideredHost {
  hostId: string;
  order: number;
  weight: number;
  status: HostStatus;
  freeSlots: number;
  /** Bookings counted for fairness since availableSince. */
  bookings: number;
  /** Calibrated fair share and expected − actual; null for hosts the share was not computed over. */
  expected: number | null;
  shortfall: number | null;
  lastBookedAt: number | null;
  availableSince: number | null;
  role?: 'fixed' | 'rotating';
  /** priority: index of the host's tier. */
  tier?: number;
}

/** Which round-robin rule separated the winner from the runner-up. */
export type FairReason = 'only_one_free' | 'largest_shortfall' | 'least_recently_booked' | 'team_order';

/** Why the winner won; the reason text says the same in words. */
export type WinReason = FairReason | 'account_owner' | 'everyone_free';

/** owner_first: what the account-owner look-up found. */
export interface OwnerCheck {
  domain: string | null;
  ownerId: string | null;
  outcome: 'no_domain' | 'free_mail' | 'no_owner' | 'owner_not_in_team' | 'owner_not_free' | 'owner_free';
}

interface VerdictBase {
  /** The configured mode. */
  mode: RoutingMode;
  /** The mode that made the decision: differs when owner_first fell back. */
  decidedBy: RoutingMode;
  considered: ConsideredHost[];
  owner?: OwnerCheck;
  /** priority: the tier that decided. */
  tier?: number;
}

export interface Routed extends VerdictBase {
  ok: true;
  /** One host, or every host for collective, or [fixed, rotating] for fixed_rotating. */
  hostIds: string[];
  /** The slots every chosen host is free for, sorted. */
  slots: Interval[];
  why: WinReason;
  reason: string;
}

export interface NotRouted extends VerdictBase {
  ok: false;
  reason: 'nobody_free';
  summary: string;
}

export type RoutingVerdict = Routed | NotRouted;

export interface RouteInput {
  config: RoutingConfig;
  /** The hosts to route among (the campaign team), any order: `order` sorts them. */
  candidates: readonly HostCandidate[];
  /** The prospect's email domain, for owner_first. */
  prospectDomain: string | null;
  /** Domains that never match an account owner (config/free-mail-domains.ts). */
  freeMailDomains: ReadonlySet<string>;
}

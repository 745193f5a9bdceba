import type { RoutingConfig, RoutingMode } from '../../config/types.js';
import { collective, consider, fixedRotating, isFree, priority, roundRobin, routed, type Labels } from './modes.js';
import type { HostCandidate, OwnerCheck, RouteInput, Routed, RoutingVerdict } from './types.js';

/**
 * Chooses the host(s) for a meeting by the campaign's routing mode, and the slots valid for them.
 * owner_first routes to the account owner when they have a slot, else by its fallback mode; the
 * verdict's `decidedBy` and `owner` say which happened.
 */
export function route(input: RouteInput): RoutingVerdict {
  const candidates = [...input.candidates].sort((a, b) => a.order - b.order);
  const { config } = input;
  if (config.mode !== 'owner_first') return byMode(config.mode, candidates, config, { mode: config.mode, decidedBy: config.mode });
  const owner = ownerCheck(input, candidates);
  const ownerHost = candidates.find((c) => c.hostId === owner.ownerId);
  if (owner.outcome === 'owner_free' && ownerHost) {
    const labels = { mode: config.mode, decidedBy: config.mode };
    const reason = `${ownerHost.hostId} owns the account ${owner.domain} and has free time`;
    return { ...routed(labels, candidates.map((c) => consider(c)), [ownerHost.hostId], ownerHost.free, 'account_owner', reason), owner };
  }
  return { ...byMode(config.fallbackMode, candidates, config, { mode: config.mode, decidedBy: config.fallbackMode }), owner };
}

export interface FallbackInput extends Omit<RouteInput, 'candidates'> {
  /** The campaign's team, in order. */
  team: readonly string[];
  /** Candidates for the team and for every host in config.fallbackPools; a host without one is unreachable. */
  candidates: readonly HostCandidate[];
}

/** `team` is the campaign's own team; a number is the index into config.fallbackPools. */
export type PoolName = 'team' | number;

export interface PoolAttempt {
  pool: PoolName;
  verdict: RoutingVerdict;
}

export type ChainVerdict =
  | { ok: true; servedBy: PoolName; verdict: Routed; attempts: PoolAttempt[] }
  /** Nobody anywhere: the caller hands the conversation to the campaign owner by email. */
  | { ok: false; reason: 'nobody_free'; attempts: PoolAttempt[] };

/**
 * The campaign's team by its mode, then each fallback pool in turn by round robin (a wider pool is a
 * list of people to share the overflow, whatever the campaign's mode), until one yields a host.
 * Within each list, `order` is the position in that list.
 */
export function routeWithFallback(input: FallbackInput): ChainVerdict {
  const byId = new Map(input.candidates.map((c) => [c.hostId, c]));
  const asPool: RoutingConfig = { ...input.config, mode: 'round_robin' };
  const stages: Array<{ pool: PoolName; ids: readonly string[]; config: RoutingConfig }> = [
    { pool: 'team', ids: input.team, config: input.config },
    ...input.config.fallbackPools.map((ids, index) => ({ pool: index, ids, config: asPool })),
  ];
  const attempts: PoolAttempt[] = [];
  for (const stage of stages) {
    const candidates = stage.ids.map((id, order) => ({ ...(byId.get(id) ?? unknownHost(id)), order }));
    const verdict = route({ ...input, config: stage.config, candidates });
    attempts.push({ pool: stage.pool, verdict });
    if (verdict.ok) return { ok: true, servedBy: stage.pool, verdict, attempts };
  }
  return { ok: false, reason: 'nobody_free', attempts };
}

function byMode(
  mode: Exclude<RoutingMode, 'owner_first'>,
  candidates: readonly HostCandidate[],
  config: RoutingConfig,
  labels: Labels,
): RoutingVerdict {
  switch (mode) {
    case 'round_robin':
      return roundRobin(candidates, labels);
    case 'collective':
      return collective(candidates, labels);
    case 'priority':
      return priority(candidates, config.tiers, labels);
    case 'fixed_rotating':
      return fixedRotating(candidates, config.fixedHostId, labels);
  }
}

/** The owner of the prospect's domain or of a parent domain (eu.acme.com falls back to acme.com). */
function ownerCheck(input: RouteInput, candidates: readonly HostCandidate[]): OwnerCheck {
  const domain = input.prospectDomain?.trim().toLowerCase().replace(/\.$/, '') || null;
  if (domain === null) return { domain, ownerId: null, outcome: 'no_domain' };
  const levels = domainLevels(domain);
  if (levels.some((level) => input.freeMailDomains.has(level))) return { domain, ownerId: null, outcome: 'free_mail' };
  const owned = levels.find((level) => Object.hasOwn(input.config.accountOwners, level));
  if (owned === undefined) return { domain, ownerId: null, outcome: 'no_owner' };
  const ownerId = input.config.accountOwners[owned]!;
  const owner = candidates.find((c) => c.hostId === ownerId);
  if (!owner) return { domain: owned, ownerId, outcome: 'owner_not_in_team' };
  return { domain: owned, ownerId, outcome: isFree(owner) ? 'owner_free' : 'owner_not_free' };
}

/** a.b.acme.com → [a.b.acme.com, b.acme.com, acme.com]: never a bare top-level domain. */
function domainLevels(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(0, -1).map((_, index) => labels.slice(index).join('.')).filter((level) => level.includes('.'));
}

/** A pool host the caller had no availability for is treated as unreachable, never guessed free. */
function unknownHost(hostId: string): HostCandidate {
  return { hostId, order: 0, weight: 1, reachable: false, free: [], capped: false, bookedAt: [], lastBookedAt: null, availableSince: null };
}

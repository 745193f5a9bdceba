/**
 * Routing rules that span a campaign's routing, its team and the whole team: which keys go with
 * which mode, what each mode needs, and that every id names someone who can take the meeting.
 */
import { z } from 'zod';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.js';
import { notInTeam, quote, type PathIssue, type PathSegment } from './issues.js';
import { asEntry, asList, isString, keyIssue, routingSection, valueIssue, type Entry, type RoutingSection } from './raw.js';
import { ROUTING_MODES, type RoutingMode } from './types.js';

/** Keys that mean something under one mode only: as the mode, or as owner_first's fallback. */
const MODE_OF_KEY = {
  owners: 'owner_first',
  fallback: 'owner_first',
  tiers: 'priority',
  fixed: 'fixed_rotating',
} as const satisfies Record<string, RoutingMode>;

type ModeKey = keyof typeof MODE_OF_KEY;

/** What each mode cannot work without. */
const NEEDED_KEY: Partial<Record<RoutingMode, ModeKey>> = {
  owner_first: 'owners',
  priority: 'tiers',
  fixed_rotating: 'fixed',
};

interface Scope {
  /** Path of the campaign's `routing` node. */
  path: PathSegment[];
  /** The campaign's team ids. */
  team: string[];
  /** Every id in the top-level team. */
  knownIds: string[];
}

export function checkRouting(raw: unknown, knownIds: string[]): PathIssue[] {
  return asList(asEntry(raw)?.['campaigns']).flatMap((entry, index) => {
    const campaign = asEntry(entry);
    const scope = {
      path: ['campaigns', index, 'routing'],
      team: asList(campaign?.['team']).filter(isString),
      knownIds,
    };
    return checkSection(routingSection(campaign?.['routing']), scope);
  });
}

function checkSection({ section, mode, fallback }: RoutingSection, scope: Scope): PathIssue[] {
  const modes = !isMode(mode) ? [] : mode === 'owner_first' && isMode(fallback) ? [mode, fallback] : [mode];
  const applies = (key: ModeKey) =>
    key === 'fallback' ? mode === 'owner_first' : modes.includes(MODE_OF_KEY[key]);
  const issues: PathIssue[] = [];
  for (const key of Object.keys(MODE_OF_KEY) as ModeKey[]) {
    if (section[key] !== undefined && isMode(mode) && !applies(key)) {
      issues.push(keyIssue([...scope.path, key], `${key} only applies to routing mode ${MODE_OF_KEY[key]}`));
    }
  }
  for (const needing of modes) {
    const key = NEEDED_KEY[needing];
    if (key !== undefined && isEmpty(section[key])) {
      const what = needing === mode ? 'routing mode' : 'fallback';
      issues.push(valueIssue(scope.path, `${what} ${needing} needs ${key}`));
    }
  }
  if (applies('owners')) issues.push(...ownerIssues(asEntry(section['owners']), scope));
  if (applies('tiers')) issues.push(...tierIssues(section['tiers'], scope));
  if (applies('fixed')) issues.push(...fixedIssues(section['fixed'], scope));
  issues.push(...poolIssues(section['fallback_pools'], scope));
  return issues;
}

const hostname = z.hostname();

function ownerIssues(owners: Entry | undefined, scope: Scope): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Map<string, string>();
  for (const [domain, id] of Object.entries(owners ?? {})) {
    const path = [...scope.path, 'owners', domain];
    const lower = domain.toLowerCase();
    const earlier = seen.get(lower);
    if (!hostname.safeParse(lower).success) {
      issues.push(keyIssue(path, `${quote(domain)} is not a domain like "example.com"`));
    } else if (FREE_MAIL_DOMAINS.has(lower)) {
      const why = 'anyone can have an address there, so it says nothing about the account';
      issues.push(keyIssue(path, `${quote(domain)} is a free-mail domain: ${why}`));
    } else if (earlier !== undefined) {
      issues.push(keyIssue(path, `${quote(domain)} is already listed as ${quote(earlier)}`));
    }
    seen.set(lower, earlier ?? domain);
    if (isString(id) && !scope.knownIds.includes(id)) issues.push(valueIssue(path, notInTeam(id, scope.knownIds)));
  }
  return issues;
}

/** Each campaign team member in exactly one tier, so the order between any two is defined. */
function tierIssues(tiers: unknown, scope: Scope): PathIssue[] {
  const issues: PathIssue[] = [];
  const tierOf = new Map<string, number>();
  asList(tiers).forEach((tier, tierIndex) => {
    asList(tier).forEach((id, position) => {
      if (!isString(id)) return;
      const path = [...scope.path, 'tiers', tierIndex, position];
      const earlier = tierOf.get(id);
      if (!scope.team.includes(id)) issues.push(valueIssue(path, notInCampaignTeam(id, scope)));
      else if (earlier !== undefined) issues.push(valueIssue(path, `${quote(id)} is already in tiers[${earlier}]`));
      else tierOf.set(id, tierIndex);
    });
  });
  const left = scope.team.filter((id) => !tierOf.has(id));
  if (asList(tiers).length > 0 && left.length > 0) {
    const message = `leave out ${left.join(', ')}; every campaign team member needs a tier`;
    issues.push(valueIssue([...scope.path, 'tiers'], message));
  }
  return issues;
}

function fixedIssues(fixed: unknown, scope: Scope): PathIssue[] {
  if (!isString(fixed)) return [];
  const path = [...scope.path, 'fixed'];
  if (!scope.team.includes(fixed)) return [valueIssue(path, notInCampaignTeam(fixed, scope))];
  if (scope.team.every((id) => id === fixed)) {
    return [valueIssue(path, 'fixed_rotating needs at least one other campaign team member to rotate')];
  }
  return [];
}

/** Pools reach beyond the campaign's team by design, so any team member may be in one. */
function poolIssues(pools: unknown, scope: Scope): PathIssue[] {
  return asList(pools).flatMap((pool, poolIndex) =>
    asList(pool).flatMap((id, position) =>
      isString(id) && !scope.knownIds.includes(id)
        ? [valueIssue([...scope.path, 'fallback_pools', poolIndex, position], notInTeam(id, scope.knownIds))]
        : [],
    ),
  );
}

function notInCampaignTeam(id: string, scope: Scope): string {
  return `${quote(id)} is not in this campaign's team (${scope.team.join(', ')})`;
}

function isMode(value: unknown): value is RoutingMode {
  return ROUTING_MODES.includes(value as RoutingMode);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return asEntry(value) !== undefined && Object.keys(value as object).length === 0;
}

/**
 * Checks of what entries refer to: unique ids and addresses, team members named by campaigns and
 * their routing, meeting lengths shared by reps who meet together, files on disk, environment
 * variables, campaign addresses on domains the service receives for, and time-off periods that need the rep's zone. They read the raw YAML defensively
 * rather than the schema's output so they still run, and are reported together, when the
 * structure has errors elsewhere.
 */
import { checkEnvironment } from './env-references.js';
import { checkFiles } from './file-references.js';
import { notInTeam, quote, type PathIssue } from './issues.js';
import { asEntry, asList, isString, valueIssue, type Entry } from './raw.js';
import { checkRouting } from './routing-references.js';
import { checkSharedLengths } from './scheduling-references.js';
import { checkServedDomains } from './served-domains.js';
import { checkTimeOffOrder } from './time-off.js';

export interface ReferenceContext {
  /** Folder of the config file, which paths in it are relative to. */
  baseDir: string;
  env: Record<string, string | undefined>;
}

export function checkReferences(raw: unknown, { baseDir, env }: ReferenceContext): PathIssue[] {
  const root = asEntry(raw);
  const team = asList(root?.['team']);
  const campaigns = asList(root?.['campaigns']);
  const knownIds = unique(team.map((member) => asEntry(member)?.['id']).filter(isString));
  return [
    ...duplicates(team, 'team', 'id', (id) => id),
    ...duplicates(team, 'team', 'email', (email) => email.toLowerCase()),
    ...duplicates(campaigns, 'campaigns', 'address', (address) => address.toLowerCase()),
    ...campaigns.flatMap((entry, index) => campaignMembers(asEntry(entry), index, knownIds)),
    ...forwardingLoops(campaigns),
    ...checkServedDomains(raw),
    ...checkRouting(raw, knownIds),
    ...checkSharedLengths(raw),
    ...checkFiles(raw, baseDir),
    ...checkEnvironment(raw, env),
    ...checkTimeOffOrder(raw),
  ];
}

/** Each repeat of a value already used by an earlier entry, reported at the repeat. */
function duplicates(
  entries: unknown[],
  section: string,
  key: string,
  normalise: (value: string) => string,
): PathIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: PathIssue[] = [];
  entries.forEach((entry, index) => {
    const value = asEntry(entry)?.[key];
    if (!isString(value)) return;
    const earlier = firstIndex.get(normalise(value));
    if (earlier === undefined) firstIndex.set(normalise(value), index);
    else {
      const message = `${quote(value)} is already used by ${section}[${earlier}]`;
      issues.push(valueIssue([section, index, key], message));
    }
  });
  return issues;
}

function campaignMembers(campaign: Entry | undefined, index: number, knownIds: string[]): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Set<string>();
  asList(campaign?.['team']).forEach((id, position) => {
    if (!isString(id)) return;
    const path = ['campaigns', index, 'team', position];
    if (!knownIds.includes(id)) issues.push(valueIssue(path, notInTeam(id, knownIds)));
    else if (seen.has(id)) issues.push(valueIssue(path, `${quote(id)} is listed twice`));
    seen.add(id);
  });
  // The owner takes over conversations the agent cannot finish, so they need not take meetings
  // for this campaign, but they must be someone the service knows how to reach.
  const owner = campaign?.['owner'];
  if (isString(owner) && !knownIds.includes(owner)) {
    issues.push(valueIssue(['campaigns', index, 'owner'], notInTeam(owner, knownIds)));
  }
  return issues;
}

/** Forwarding to a campaign address would feed each copy back in as a new inbound message. */
function forwardingLoops(campaigns: unknown[]): PathIssue[] {
  const addresses = campaigns.map((entry) => asEntry(entry)?.['address']).filter(isString).map(withoutTag);
  return campaigns.flatMap((entry, index) => {
    const forwardTo = asEntry(entry)?.['forward_to'];
    if (!isString(forwardTo) || !addresses.includes(withoutTag(forwardTo))) return [];
    const message = `${quote(forwardTo)} is a campaign address; forwarding there would loop`;
    return [valueIssue(['campaigns', index, 'forward_to'], message)];
  });
}

/** `webinar+k3x@meet.acme.com` reaches the campaign `webinar@meet.acme.com`. */
function withoutTag(address: string): string {
  return address.toLowerCase().replace(/\+[^@]*@/, '@');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Checks that span entries: unique ids and addresses, campaign teams and owners naming real team
 * members, calendar files that exist. They read the raw YAML defensively rather than the schema's
 * output so they still run, and are reported together, when the structure has errors elsewhere.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatPath, quote, type PathIssue, type PathSegment } from './issues.js';

type Entry = Record<string, unknown>;

export function checkReferences(raw: unknown, baseDir: string): PathIssue[] {
  const root = asEntry(raw);
  const team = asList(root?.['team']);
  const campaigns = asList(root?.['campaigns']);
  const knownIds = unique(team.map((member) => asEntry(member)?.['id']).filter(isString));
  return [
    ...duplicates(team, 'team', 'id', (id) => id),
    ...duplicates(team, 'team', 'email', (email) => email.toLowerCase()),
    ...duplicates(campaigns, 'campaigns', 'address', (address) => address.toLowerCase()),
    ...campaigns.flatMap((entry, index) => campaignMembers(asEntry(entry), index, knownIds)),
    ...team.flatMap((entry, index) => missingCalendarFiles(asEntry(entry), index, baseDir)),
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

function notInTeam(id: string, knownIds: string[]): string {
  return `${quote(id)} is not in team (known: ${knownIds.join(', ')})`;
}

function missingCalendarFiles(member: Entry | undefined, index: number, baseDir: string): PathIssue[] {
  const ics = asEntry(member?.['calendar'])?.['ics'];
  const path: PathSegment[] = ['team', index, 'calendar', 'ics'];
  const files = isString(ics)
    ? [{ file: ics, path }]
    : asList(ics).map((file, i) => ({ file, path: [...path, i] }));
  return files.flatMap(({ file, path: at }) => {
    if (!isString(file) || file.trim() === '') return [];
    const absolute = resolve(baseDir, file);
    if (isReadableFile(absolute)) return [];
    return [valueIssue(at, `calendar file ${quote(file)} not found (looked for ${absolute})`)];
  });
}

function isReadableFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function valueIssue(path: PathSegment[], message: string): PathIssue {
  return { path, message: `${formatPath(path)}: ${message}`, pointAt: 'value' };
}

function asEntry(value: unknown): Entry | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entry) : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Scheduling rules that span a campaign and its team: reps may each keep their own meeting length,
 * but a meeting several reps attend together has one start and one end for all of them.
 */
import { DEFAULT_SCHEDULING } from './scheduling-rules.js';
import type { PathIssue } from './issues.js';
import { asEntry, asList, isString, routingSection, valueIssue } from './raw.js';
import { schedulingKeys } from './schema/scheduling.js';

/** Modes that put several reps in one meeting (fixed_rotating: the fixed rep and a rotating one). */
const TOGETHER = ['collective', 'fixed_rotating'];

interface RepLength {
  minutes: number;
  /** False when the rep did not set it and the built-in default applies. */
  written: boolean;
}

export function checkSharedLengths(raw: unknown): PathIssue[] {
  const root = asEntry(raw);
  const lengths = repLengths(asList(root?.['team']));
  return asList(root?.['campaigns']).flatMap((entry, index) => {
    const campaign = asEntry(entry);
    const mode = togetherMode(campaign?.['routing']);
    if (mode === undefined || asEntry(campaign?.['meeting'])?.['duration_minutes'] !== undefined) return [];
    const team = asList(campaign?.['team']).filter(isString);
    const known = team.flatMap((id) => {
      const length = lengths.get(id);
      return length === undefined ? [] : [{ id, ...length }];
    });
    if (new Set(known.map((rep) => rep.minutes)).size < 2) return [];
    const each = known.map((rep) => `${rep.id}: ${rep.minutes} minutes${rep.written ? '' : ' by default'}`);
    const message = `with routing ${mode} the reps meet the prospect together, in one meeting with one `
      + `length, but theirs differ (${each.join(', ')}); set meeting.duration_minutes on this campaign`;
    return [valueIssue(['campaigns', index, 'team'], message)];
  });
}

/** Each rep's own meeting length; a rep whose value is invalid is left out (the schema reports it). */
function repLengths(team: unknown[]): Map<string, RepLength> {
  const lengths = new Map<string, RepLength>();
  for (const member of team.map(asEntry)) {
    const id = member?.['id'];
    const written = asEntry(member?.['scheduling'])?.['duration_minutes'];
    if (!isString(id)) continue;
    if (written === undefined) lengths.set(id, { minutes: DEFAULT_SCHEDULING.durationMinutes, written: false });
    else if (schedulingKeys.duration_minutes.safeParse(written).success) {
      lengths.set(id, { minutes: written as number, written: true });
    }
  }
  return lengths;
}

/** How the mode reads in the message when it puts reps together, e.g. "owner_first (fallback collective)". */
function togetherMode(routing: unknown): string | undefined {
  const { mode, fallback } = routingSection(routing);
  if (isString(mode) && TOGETHER.includes(mode)) return mode;
  if (mode === 'owner_first' && isString(fallback) && TOGETHER.includes(fallback)) {
    return `owner_first (fallback ${fallback})`;
  }
  return undefined;
}

/** Problems found in the YAML, addressed by their path in the parsed document. */

export type PathSegment = string | number;

export interface PathIssue {
  path: PathSegment[];
  message: string;
  /**
   * Where the problem shows in the file: an unknown key at the key itself, a missing key at the
   * section that lacks it, everything else at the offending value.
   */
  pointAt: 'key' | 'parent' | 'value';
}

/** `['campaigns', 0, 'team', 1]` -> `campaigns[0].team[1]`, the way marketers see the YAML. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** Prefixes a message with the path it concerns; top-level problems need no prefix. */
export function atPath(path: readonly PropertyKey[], message: string): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}

/** How a YAML value reads back to the person who wrote it: `"alice"`, `42`, `a list`. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a section';
  return String(value);
}

export function unknownKeyMessage(path: readonly PropertyKey[], allowed: readonly string[]): string {
  const key = String(path[path.length - 1]);
  const where = path.length > 1 ? formatPath(path.slice(0, -1)) : 'the top level';
  const match = closestMatch(key, allowed);
  const hint = match === undefined ? '' : ` did you mean ${quote(match)}?`;
  return `unknown key ${quote(key)} in ${where};${hint} allowed: ${allowed.join(', ')}`;
}

/** The allowed name a typo most likely meant, if any is close enough to be worth suggesting. */
function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (!isCloseMatch(typed, candidate)) continue;
    const distance = editDistance(typed.toLowerCase(), candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Typos (a few edits) and shortened names such as `duration` for `duration_minutes`. */
export function isCloseMatch(typed: string, candidate: string): boolean {
  const lower = typed.toLowerCase();
  if (lower.length >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate))) return true;
  return editDistance(lower, candidate) <= Math.max(1, Math.floor(candidate.length / 3));
}

/** Edits (insert, delete, substitute, swap neighbours) turning `a` into `b`; `fir` -> `fri` is 1. */
function editDistance(a: string, b: string): number {
  let twoBack: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const options = [cell(previous, j) + 1, cell(current, j - 1) + 1, cell(previous, j - 1) + cost];
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) options.push(cell(twoBack, j - 2) + 1);
      current.push(Math.min(...options));
    }
    [twoBack, previous] = [previous, current];
  }
  return cell(previous, b.length);
}

function cell(row: number[], column: number): number {
  return row[column] ?? Number.POSITIVE_INFINITY;
}

const EXPECTED_NAMES: Record<string, string> = {
  object: 'a section of "key: value" lines',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

export function describeExpected(expected: string): string {
  return EXPECTED_NAMES[expected] ?? expected;
}

export function notInTeam(id: string, knownIds: readonly string[]): string {
  return `${quote(id)} is not in team (known: ${knownIds.join(', ')})`;
}

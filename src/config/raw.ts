/**
 * Defensive reading of the parsed YAML for the checks that run beside the schema: they must not
 * assume the structure is valid, so every step tolerates a missing or mistyped node.
 */
import { formatPath, type PathIssue, type PathSegment } from './issues.js';

export type Entry = Record<string, unknown>;

export function asEntry(value: unknown): Entry | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entry) : undefined;
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** A campaign's `routing` as written: a bare mode or a section, whose mode and fallback default to round_robin. */
export interface RoutingSection {
  section: Entry;
  mode: unknown;
  fallback: unknown;
}

export function routingSection(routing: unknown): RoutingSection {
  const section: Entry = isString(routing) ? { mode: routing } : asEntry(routing) ?? {};
  return { section, mode: section['mode'] ?? 'round_robin', fallback: section['fallback'] ?? 'round_robin' };
}

/** The node at `path`, or undefined where the document does not have it. */
export function nodeAt(raw: unknown, path: readonly PathSegment[]): unknown {
  let node = raw;
  for (const segment of path) {
    if (typeof segment === 'number') node = asList(node)[segment];
    else node = asEntry(node)?.[segment];
  }
  return node;
}

export function valueIssue(path: PathSegment[], message: string): PathIssue {
  return { path, message: `${formatPath(path)}: ${message}`, pointAt: 'value' };
}

/** A problem with a key itself (a key that does not belong, a duplicate map key). */
export function keyIssue(path: PathSegment[], message: string): PathIssue {
  return { path, message: `${formatPath(path)}: ${message}`, pointAt: 'key' };
}

/** Runs the zod schema over the parsed YAML and turns its issues into messages for marketers. */
import type { z } from 'zod';
import {
  atPath, describeExpected, isCloseMatch, quote, unknownKeyMessage, type PathIssue, type PathSegment,
} from './issues.js';
import { configFileSchema, type ConfigFile } from './schema/config-file.js';

export interface Validation {
  data: ConfigFile | undefined;
  issues: PathIssue[];
}

export function validateConfigFile(raw: unknown): Validation {
  const result = configFileSchema.safeParse(raw, { reportInput: true, error: humanMessage });
  if (result.success) return { data: result.data, issues: [] };
  const issues = result.error.issues.flatMap((issue) => withinUnions(issue, [])).map(toPathIssue);
  return { data: undefined, issues: issues.filter((issue) => !isExplainedByTypo(issue, issues)) };
}

const FORMAT_NAMES: Record<string, string> = { email: 'email address' };

/** Wording for the issues the schema does not word itself. */
function humanMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${describeExpected(issue.expected)}, got ${quote(issue.input)}`;
    case 'too_small':
      if (issue.origin !== 'number') return undefined;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}, `
        + `got ${quote(issue.input)}`;
    case 'too_big':
      if (issue.origin !== 'number') return undefined;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}, `
        + `got ${quote(issue.input)}`;
    case 'invalid_format':
      return `${quote(issue.input)} is not a valid ${FORMAT_NAMES[issue.format] ?? issue.format}`;
    case 'invalid_value':
      return `${quote(issue.input)} is not allowed (one of: ${issue.values.map(String).join(', ')})`;
    default:
      return undefined;
  }
}

/**
 * A union such as `routing: round_robin` or `routing: { mode: ... }` fails in every branch when
 * the input is wrong; only the branch of the input's shape says what is wrong with it. Issues
 * inside a union carry paths relative to it, so they are re-rooted at `base`.
 */
function withinUnions(issue: z.core.$ZodIssue, base: PropertyKey[]): z.core.$ZodIssue[] {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union') return [{ ...issue, path }];
  const ofThisShape = issue.errors.filter((branch) => !branch.some(isWrongShape));
  const chosen = ofThisShape.length === 1 ? ofThisShape[0] : undefined;
  if (!chosen) return [{ ...issue, path }];
  return chosen.flatMap((inner) => withinUnions(inner, path));
}

/** A branch rejecting the input as a whole for its type: a list where it expects a section. */
function isWrongShape(issue: z.core.$ZodIssue): boolean {
  if (issue.path.length > 0) return false;
  return issue.code === 'invalid_type' || (issue.code === 'invalid_value' && typeof issue.input === 'object');
}

function toPathIssue(issue: z.core.$ZodIssue): PathIssue {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'custom' && issue.params?.['unknownKey'] === true) {
    const allowed = issue.params['allowed'] as string[];
    return { path, message: unknownKeyMessage(path, allowed), pointAt: 'key' };
  }
  if (isMissingKey(issue, path)) {
    const message = atPath(path.slice(0, -1), `missing required key ${quote(path.at(-1))}`);
    return { path, message, pointAt: 'parent' };
  }
  return { path, message: atPath(path, issue.message), pointAt: 'value' };
}

function isMissingKey(issue: z.core.$ZodIssue, path: PathSegment[]): boolean {
  return issue.code === 'invalid_type' && issue.input === undefined && typeof path.at(-1) === 'string';
}

/** `adress:` makes `address` missing too; the unknown-key message already says so. */
function isExplainedByTypo(issue: PathIssue, all: PathIssue[]): boolean {
  if (issue.pointAt !== 'parent') return false;
  const section = issue.path.slice(0, -1);
  return all.some(
    (other) =>
      other.pointAt === 'key' &&
      other.path.length === issue.path.length &&
      section.every((segment, i) => other.path[i] === segment) &&
      isCloseMatch(String(other.path.at(-1)), String(issue.path.at(-1))),
  );
}

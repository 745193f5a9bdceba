/**
 * Loads campaigns.yaml into a resolved Config. Every problem with the input (unreadable file, YAML
 * syntax, schema, cross-references, environment, flags) comes back as a ConfigError naming where
 * it is; nothing here throws for bad input.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { PathIssue } from './issues.js';
import { applyOverrides, checkFlagOverrides, overridesFromEnv } from './overrides.js';
import { accessTokenProblem } from './http-access.js';
import { checkReferences } from './references.js';
import { resolveConfig, type ResolveContext } from './resolve.js';
import type { Config } from './types.js';
import { validateConfigFile } from './validate.js';
import { positionOf } from './yaml-positions.js';

/**
 * A problem with the configuration. `line` and `column` are 1-based; both are 0 when the problem
 * has no position, e.g. a missing file or a bad value in `file: "environment"`.
 */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

/** Values from command-line flags, which win over the environment and the file. */
export interface ConfigOverrides {
  databasePath?: string;
  smtpHost?: string;
  smtpPort?: number;
  httpHost?: string;
  httpPort?: number;
  outboundSmtpUrl?: string;
}

export interface LoadConfigOptions {
  file: string;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  overrides?: ConfigOverrides;
}

/** `config/campaigns.yaml:12:5: message`, or `environment: message` when there is no position. */
export function formatConfigError(error: ConfigError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
  return `${where}: ${error.message}`;
}

export function loadConfig(options: LoadConfigOptions): ConfigResult {
  const cwd = process.cwd();
  const env = options.env ?? process.env;
  const flags = options.overrides ?? {};
  const fromEnv = overridesFromEnv(env);
  const fromFile = loadConfigFile(resolve(cwd, options.file), { cwd, env, settings: fromEnv.settings });
  const flagErrors = checkFlagOverrides(flags).errors;
  const errors = [...(fromFile.ok ? [] : fromFile.errors), ...fromEnv.errors, ...flagErrors];
  if (!fromFile.ok || errors.length > 0) return { ok: false, errors };
  const withEnv = applyOverrides(fromFile.config.service, fromEnv.overrides, cwd);
  const service = applyOverrides(withEnv, flags, cwd);
  const problem = accessTokenProblem(service.http);
  if (problem !== undefined) {
    const where = whereHttpHostCameFrom(flags, fromEnv.overrides);
    const message = `${where === 'file' ? 'service.http.host' : where.name}: ${problem}`;
    const error = where === 'file'
      ? fromFile.locate({ path: ['service', 'http', 'host'], message, pointAt: 'value' })
      : { file: where.source, line: 0, column: 0, message };
    return { ok: false, errors: [error] };
  }
  return { ok: true, config: { ...fromFile.config, service } };
}

function whereHttpHostCameFrom(
  flags: ConfigOverrides,
  fromEnv: ConfigOverrides,
): 'file' | { source: string; name: string } {
  if (flags.httpHost !== undefined) return { source: 'command line', name: '--http-host' };
  if (fromEnv.httpHost !== undefined) return { source: 'environment', name: 'HTTP_HOST' };
  return 'file';
}

type FileResult =
  | { ok: true; config: Config; locate: (issue: PathIssue) => ConfigError }
  | { ok: false; errors: ConfigError[] };

function loadConfigFile(file: string, context: Omit<ResolveContext, 'configPath'>): FileResult {
  const source = readSource(file);
  if (typeof source !== 'string') return { ok: false, errors: [source] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((error) => syntaxError(file, error, lineCounter)) };
  }
  const raw = toPlainData(doc);
  if (raw instanceof Error) {
    return { ok: false, errors: [{ file, line: 1, column: 1, message: raw.message }] };
  }
  const locate = (issue: PathIssue): ConfigError => ({
    file, ...positionOf(doc, lineCounter, issue), message: issue.message,
  });
  const validation = validateConfigFile(raw);
  const references = checkReferences(raw, { baseDir: dirname(file), env: context.env });
  const issues = [...validation.issues, ...references];
  if (validation.data === undefined || issues.length > 0) {
    return { ok: false, errors: sortByPosition(issues.map(locate)) };
  }
  return { ok: true, config: resolveConfig(validation.data, { ...context, configPath: file }), locate };
}

function readSource(file: string): string | ConfigError {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code ?? String(error)})`;
    return { file, line: 0, column: 0, message };
  }
}

function syntaxError(file: string, error: YAMLError, lineCounter: LineCounter): ConfigError {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return { file, line, column: col, message: `YAML syntax error: ${error.message}` };
}

/** Converting can still fail on a well-formed document, e.g. one expanding aliases without end. */
function toPlainData(doc: Document): unknown {
  try {
    return doc.toJS() as unknown;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function sortByPosition(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
}

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
import { checkReferences } from './references.js';
import { resolveConfig } from './resolve.js';
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
  const flags = options.overrides ?? {};
  const fromFile = loadConfigFile(resolve(cwd, options.file), cwd);
  const fromEnv = overridesFromEnv(options.env ?? process.env);
  const flagErrors = checkFlagOverrides(flags).errors;
  const errors = [...(fromFile.ok ? [] : fromFile.errors), ...fromEnv.errors, ...flagErrors];
  if (!fromFile.ok || errors.length > 0) return { ok: false, errors };
  const withEnv = applyOverrides(fromFile.config.service, fromEnv.overrides, cwd);
  return { ok: true, config: { ...fromFile.config, service: applyOverrides(withEnv, flags, cwd) } };
}

function loadConfigFile(file: string, cwd: string): ConfigResult {
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
  const validation = validateConfigFile(raw);
  const issues = [...validation.issues, ...checkReferences(raw, dirname(file))];
  if (validation.data === undefined || issues.length > 0) {
    const errors = issues.map((issue) => locate(file, doc, lineCounter, issue));
    return { ok: false, errors: sortByPosition(errors) };
  }
  return { ok: true, config: resolveConfig(validation.data, file, cwd) };
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

function locate(file: string, doc: Document, lineCounter: LineCounter, issue: PathIssue): ConfigError {
  return { file, ...positionOf(doc, lineCounter, issue), message: issue.message };
}

function sortByPosition(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
}

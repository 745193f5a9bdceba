/** Service settings that environment variables (and, for some, command-line flags) override. */
import { resolve } from 'node:path';
import type { z } from 'zod';
import { outcomeSecretSchema, hostSchema, httpUrlSchema, pathSchema, portSchema, postgresUrlSchema, smtpUrlSchema, text } from './schema/primitives.js';
import type { ServiceConfig } from './types.js';
import { defaultOutboxDir } from './resolve-service.js';
import type { ConfigError, ConfigOverrides } from './load.js';

type OverrideKey = keyof ConfigOverrides;

/**
 * Settings only the environment sets: secrets would show in `ps` as flags, and endpoints and
 * models are deployment facts rather than per-run choices.
 */
export interface EnvSettings {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  openaiModel?: string;
  googleApiRootUrl?: string;
  httpAccessToken?: string;
  /** Where reps reach the web server (signed outcome links in their briefs). */
  publicUrl?: string;
  /** Signs the outcome links; at least 16 characters. */
  outcomeLinkSecret?: string;
  /** A postgres:// URL: the PostgreSQL engine, whatever the file says. */
  databaseUrl?: string;
}

interface Setting {
  env: string;
  schema: z.ZodType;
  /** Environment values are text; ports need turning into numbers first. */
  fromText: (text: string) => unknown;
}

const asIs = (text: string): unknown => text;
// Non-digits stay text so the port schema rejects them and quotes what was written.
const asPort = (text: string): unknown => (/^\d+$/.test(text.trim()) ? Number(text) : text);

const FLAG_SETTINGS: Record<OverrideKey, Setting & { flag: string }> = {
  databasePath: { env: 'DATABASE_PATH', flag: '--database', schema: pathSchema, fromText: asIs },
  smtpHost: { env: 'SMTP_HOST', flag: '--smtp-host', schema: hostSchema, fromText: asIs },
  smtpPort: { env: 'SMTP_PORT', flag: '--smtp-port', schema: portSchema, fromText: asPort },
  httpHost: { env: 'HTTP_HOST', flag: '--http-host', schema: hostSchema, fromText: asIs },
  httpPort: { env: 'HTTP_PORT', flag: '--http-port', schema: portSchema, fromText: asPort },
  outboundSmtpUrl: {
    env: 'OUTBOUND_SMTP_URL', flag: '--outbound-smtp-url', schema: smtpUrlSchema, fromText: asIs,
  },
};

const ENV_SETTINGS: Record<keyof EnvSettings, Setting> = {
  openaiApiKey: { env: 'OPENAI_API_KEY', schema: text, fromText: asIs },
  openaiBaseUrl: { env: 'OPENAI_BASE_URL', schema: httpUrlSchema, fromText: asIs },
  openaiModel: { env: 'OPENAI_MODEL', schema: text, fromText: asIs },
  googleApiRootUrl: { env: 'GOOGLE_API_ROOT_URL', schema: httpUrlSchema, fromText: asIs },
  httpAccessToken: { env: 'HTTP_ACCESS_TOKEN', schema: text, fromText: asIs },
  publicUrl: { env: 'PUBLIC_URL', schema: httpUrlSchema, fromText: asIs },
  outcomeLinkSecret: { env: 'OUTCOME_LINK_SECRET', schema: outcomeSecretSchema, fromText: asIs },
  databaseUrl: { env: 'DATABASE_URL', schema: postgresUrlSchema, fromText: asIs },
};

export interface ParsedOverrides {
  overrides: ConfigOverrides;
  errors: ConfigError[];
}

export interface ParsedEnvironment extends ParsedOverrides {
  settings: EnvSettings;
}

/** Reads the override variables from `env`; an empty variable counts as unset. */
export function overridesFromEnv(env: Record<string, string | undefined>): ParsedEnvironment {
  const read = <K extends string>(settings: Record<K, Setting>) =>
    (Object.keys(settings) as K[]).flatMap((key) => {
      const written = env[settings[key].env];
      return written === undefined || written === '' ? [] : [{ key, value: settings[key].fromText(written) }];
    });
  const overrides = check(FLAG_SETTINGS, read(FLAG_SETTINGS), 'environment', (s) => s.env);
  const settings = check(ENV_SETTINGS, read(ENV_SETTINGS), 'environment', (s) => s.env);
  return {
    overrides: overrides.values as ConfigOverrides,
    settings: settings.values as EnvSettings,
    errors: [...overrides.errors, ...settings.errors],
  };
}

/** Flags arrive typed, but a CLI can still hand over NaN or an empty string. */
export function checkFlagOverrides(flags: ConfigOverrides): ParsedOverrides {
  const values = (Object.keys(FLAG_SETTINGS) as OverrideKey[]).flatMap((key) =>
    flags[key] === undefined ? [] : [{ key, value: flags[key] }],
  );
  const { values: overrides, errors } = check(FLAG_SETTINGS, values, 'command line', (s) => s.flag);
  return { overrides: overrides as ConfigOverrides, errors };
}

/**
 * Each value passed the schema of its own key, which is exactly its field type in
 * ConfigOverrides or EnvSettings; the callers cast on that basis.
 */
function check<K extends string, S extends Setting>(
  settings: Record<K, S>,
  values: { key: K; value: unknown }[],
  source: string,
  nameOf: (setting: S) => string,
): { values: Record<string, unknown>; errors: ConfigError[] } {
  const parsed: Record<string, unknown> = {};
  const errors: ConfigError[] = [];
  for (const { key, value } of values) {
    const result = settings[key].schema.safeParse(value);
    if (result.success) parsed[key] = result.data;
    else {
      const messages = result.error.issues.map((issue) => `${nameOf(settings[key])}: ${issue.message}`);
      errors.push(...messages.map((message) => ({ file: source, line: 0, column: 0, message })));
    }
  }
  return { values: parsed, errors };
}

/** Paths given outside the file are relative to where the service was started. */
export function applyOverrides(
  service: ServiceConfig,
  overrides: ConfigOverrides,
  cwd: string,
): ServiceConfig {
  const databasePath =
    overrides.databasePath === undefined ? service.databasePath : resolve(cwd, overrides.databasePath);
  return {
    ...service,
    smtp: {
      ...service.smtp,
      host: overrides.smtpHost ?? service.smtp.host,
      port: overrides.smtpPort ?? service.smtp.port,
    },
    http: {
      ...service.http,
      host: overrides.httpHost ?? service.http.host,
      port: overrides.httpPort ?? service.http.port,
    },
    databasePath,
    outboxDir:
      service.outboxDir === defaultOutboxDir(service.databasePath) ? defaultOutboxDir(databasePath) : service.outboxDir,
    outboundSmtpUrl: overrides.outboundSmtpUrl ?? service.outboundSmtpUrl,
  };
}

/** Service settings that environment variables and command-line flags can override. */
import { resolve } from 'node:path';
import type { z } from 'zod';
import { hostSchema, pathSchema, portSchema, smtpUrlSchema } from './schema.js';
import type { ServiceConfig } from './types.js';
import { defaultOutboxDir } from './resolve.js';
import type { ConfigError, ConfigOverrides } from './load.js';

type OverrideKey = keyof ConfigOverrides;

interface Setting {
  env: string;
  flag: string;
  schema: z.ZodType;
  /** Environment values are text; ports need turning into numbers first. */
  fromText: (text: string) => unknown;
}

const asIs = (text: string): unknown => text;
// Non-digits stay text so the port schema rejects them and quotes what was written.
const asPort = (text: string): unknown => (/^\d+$/.test(text.trim()) ? Number(text) : text);

const SETTINGS: Record<OverrideKey, Setting> = {
  databasePath: { env: 'DATABASE_PATH', flag: '--database', schema: pathSchema, fromText: asIs },
  smtpHost: { env: 'SMTP_HOST', flag: '--smtp-host', schema: hostSchema, fromText: asIs },
  smtpPort: { env: 'SMTP_PORT', flag: '--smtp-port', schema: portSchema, fromText: asPort },
  httpHost: { env: 'HTTP_HOST', flag: '--http-host', schema: hostSchema, fromText: asIs },
  httpPort: { env: 'HTTP_PORT', flag: '--http-port', schema: portSchema, fromText: asPort },
  outboundSmtpUrl: {
    env: 'OUTBOUND_SMTP_URL', flag: '--outbound-smtp-url', schema: smtpUrlSchema, fromText: asIs,
  },
};

const KEYS = Object.keys(SETTINGS) as OverrideKey[];

export interface ParsedOverrides {
  overrides: ConfigOverrides;
  errors: ConfigError[];
}

/** Reads the override variables from `env`; an empty variable counts as unset. */
export function overridesFromEnv(env: Record<string, string | undefined>): ParsedOverrides {
  const values = KEYS.flatMap((key) => {
    const text = env[SETTINGS[key].env];
    return text === undefined || text === '' ? [] : [{ key, value: SETTINGS[key].fromText(text) }];
  });
  return check(values, 'environment', (key) => SETTINGS[key].env);
}

/** Flags arrive typed, but a CLI can still hand over NaN or an empty string. */
export function checkFlagOverrides(overrides: ConfigOverrides): ParsedOverrides {
  const values = KEYS.flatMap((key) =>
    overrides[key] === undefined ? [] : [{ key, value: overrides[key] }],
  );
  return check(values, 'command line', (key) => SETTINGS[key].flag);
}

function check(
  values: { key: OverrideKey; value: unknown }[],
  source: string,
  nameOf: (key: OverrideKey) => string,
): ParsedOverrides {
  const overrides: Record<string, unknown> = {};
  const errors: ConfigError[] = [];
  for (const { key, value } of values) {
    const result = SETTINGS[key].schema.safeParse(value);
    if (result.success) overrides[key] = result.data;
    else {
      const messages = result.error.issues.map((issue) => `${nameOf(key)}: ${issue.message}`);
      errors.push(...messages.map((message) => ({ file: source, line: 0, column: 0, message })));
    }
  }
  // Every value passed the schema of its own key, which is exactly ConfigOverrides' field type.
  return { overrides: overrides as ConfigOverrides, errors };
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
      host: overrides.httpHost ?? service.http.host,
      port: overrides.httpPort ?? service.http.port,
    },
    databasePath,
    outboxDir:
      service.outboxDir === defaultOutboxDir(service.databasePath) ? defaultOutboxDir(databasePath) : service.outboxDir,
    outboundSmtpUrl: overrides.outboundSmtpUrl ?? service.outboundSmtpUrl,
  };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig, type ConfigOverrides } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { startService, type ServiceOptions } from '../../src/service/service.js';

export const DEMO_CONFIG = 'config/campaigns.yaml';

/** A temp folder for one test's database and outbox. */
export function tempDir(prefix = 'campaign-agent-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The shipped demo configuration, pointed at a temp database and free loopback ports. */
export function demoConfig(overrides: ConfigOverrides = {}, file = DEMO_CONFIG): Config {
  const dir = tempDir();
  const result = loadConfig({
    file,
    env: {},
    overrides: { databasePath: join(dir, 'test.db'), smtpPort: 0, httpPort: 0, ...overrides },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { ...result.config, service: { ...result.config.service, outboxDir: join(dir, 'outbox') } };
}

export async function startDemoService(overrides: ConfigOverrides = {}, options: Omit<ServiceOptions, 'logger'> = {}) {
  const config = demoConfig(overrides);
  const service = await startService(config, { logger: pino({ level: 'silent' }), ...options });
  return { config, service };
}

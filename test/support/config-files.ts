/** Writing campaigns.yaml variants to disk and reading back what a marketer would see. */
import { afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigResult } from '../../src/config/load.js';

export interface ConfigFolder {
  /**
   * Writes `yaml` as campaigns.yaml into a fresh folder, with the named side files beside it
   * (empty calendars for `.ics`, a placeholder otherwise); returns the YAML file's path.
   */
  write(yaml: string, sideFiles?: string[]): string;
  remove(): void;
}

export function configFolder(): ConfigFolder {
  const root = mkdtempSync(join(tmpdir(), 'campaign-agent-config-'));
  let count = 0;
  return {
    write(yaml, sideFiles = []) {
      const dir = join(root, String(count++));
      mkdirSync(dir);
      for (const name of sideFiles) {
        writeFileSync(join(dir, name), name.endsWith('.ics') ? 'BEGIN:VCALENDAR\nEND:VCALENDAR\n' : 'placeholder\n');
      }
      writeFileSync(join(dir, 'campaigns.yaml'), yaml);
      return join(dir, 'campaigns.yaml');
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The SMTP listener's limits when the file sets none. */
export const DEFAULT_SMTP_LIMITS = {
  maxRecipients: 50,
  maxConnections: 100,
  maxConnectionsPerIp: 10,
  maxConnectionsPerIpPerMinute: 60,
  idleTimeoutSeconds: 300,
  sessionTimeoutSeconds: 600,
  dataTimeoutSeconds: 300,
};

/** A config folder for one test file, removed after its tests: call it once, at the top of the file. */
export function configFolderRemovedAfterAll(): ConfigFolder {
  const folder = configFolder();
  afterAll(() => folder.remove());
  return folder;
}

/** One rep under `team:` (four lines): id and email from the name, lower-cased. */
export function memberYaml(name: string, timeZone: string, email = `${name.toLowerCase()}@example.com`): string {
  return `  - id: ${name.toLowerCase()}\n    name: ${name}\n    email: ${email}\n    time_zone: ${timeZone}\n`;
}

/**
 * The loader tests' campaigns.yaml: `service` lines go in after the domain (from line 3), then
 * `team:` and its reps, then the one campaign, demo@meet.example.com, whose `campaign` lines
 * follow its name.
 */
export function demoConfigYaml({ service = '', team, campaign }: { service?: string; team: string; campaign: string }): string {
  return `service:
  domain: meet.example.com
${service}team:
${team}campaigns:
  - address: demo@meet.example.com
    name: Demo
${campaign}`;
}

/** `line:column: message` for each error: what a marketer sees, minus the machine-specific path. */
export function errorsOf(result: ConfigResult): string[] {
  return result.ok ? [] : result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`);
}

export function loaded(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected the config to load:\n${errorsOf(result).join('\n')}`);
  return result.config;
}

/** Writing campaigns.yaml variants to disk and reading back what a marketer would see. */
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

/** `line:column: message` for each error: what a marketer sees, minus the machine-specific path. */
export function errorsOf(result: ConfigResult): string[] {
  return result.ok ? [] : result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`);
}

export function loaded(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected the config to load:\n${errorsOf(result).join('\n')}`);
  return result.config;
}

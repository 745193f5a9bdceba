import { InvalidArgumentError, type Command } from 'commander';
import { formatConfigError, loadConfig, type ConfigOverrides } from '../config/load.js';
import type { Config } from '../config/types.js';

/** Exit codes: 0 fine, 1 invalid configuration or input, 2 runtime failure. */
export const EXIT_INVALID = 1;
export const EXIT_FAILURE = 2;
export const DEFAULT_CONFIG = 'config/campaigns.yaml';

/** An expected failure: its message is shown as is, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** What every command gets: the loaded configuration, on demand, with its flags applied. */
export interface CommandContext {
  configure(overrides?: ConfigOverrides): Config;
}

export function createContext(program: Command): CommandContext {
  return {
    configure(overrides = {}) {
      const file = program.opts<{ config?: string }>().config ?? process.env.CAMPAIGN_AGENT_CONFIG ?? DEFAULT_CONFIG;
      const result = loadConfig({ file, env: process.env, overrides });
      if (result.ok) return result.config;
      throw new CliError(result.errors.map(formatConfigError).join('\n'), EXIT_INVALID);
    },
  };
}

export function portArgument(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('not a port number');
  return parsed;
}

import type { Config, HostConfig } from '../config/types.js';

/** The configured hosts with these ids, in the same order (validation guarantees every id names one). */
export function hostsById(config: Config, hostIds: readonly string[]): HostConfig[] {
  return hostIds.map((id) => config.hosts.find((host) => host.id === id)!);
}

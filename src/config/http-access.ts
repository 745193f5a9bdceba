/**
 * The web API shows what prospects wrote, so anywhere but loopback it must ask for a token. The
 * rule is checked on the final host, after the environment and flags have had their say.
 */
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why this listener may not start, or undefined when it may. */
export function accessTokenProblem(http: { host: string; accessToken: string | null }): string | undefined {
  if (http.accessToken !== null || isLoopback(http.host)) return undefined;
  return `listening on ${http.host} requires an access token: set http.access_token_env or HTTP_ACCESS_TOKEN`;
}

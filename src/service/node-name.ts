import { hostname } from 'node:os';
import type { Config } from '../config/types.js';

/**
 * This node's name on the claims it takes from the queues: the same after a restart, so a
 * restarted node takes its own claims back at once instead of waiting for their leases, and
 * different for every node sharing the database. A host runs one listener per SMTP port and one
 * web server per HTTP port; a node with neither is named after its process, and its claims wait
 * for their leases after a restart.
 */
export function nodeName(config: Config, roles: ReadonlySet<string>): string {
  const { smtp, http } = config.service;
  // Port 0 is another port at every start (a test, a throwaway run): nothing to take back.
  if (roles.has('listener') && smtp.port !== 0) return `${hostname()}:${smtp.port}`;
  if (roles.has('web') && http.port !== 0) return `${hostname()}:http-${http.port}`;
  return `${hostname()}:pid-${process.pid}`;
}

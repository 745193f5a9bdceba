import { hostname } from 'node:os';
import type { Config } from '../config/types.js';

/**
 * This node's name on the claims it takes from the queues: the same after a restart, so a
 * restarted node takes its own claims back at once instead of waiting for their leases, and
 * different for every node sharing the database (a host runs one listener per SMTP port).
 */
export function nodeName(config: Config): string {
  const { port } = config.service.smtp;
  // Port 0 is another port at every start (a test, a throwaway run): nothing to take back.
  return port === 0 ? `${hostname()}:pid-${process.pid}` : `${hostname()}:${port}`;
}

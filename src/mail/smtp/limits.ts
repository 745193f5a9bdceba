/** An SMTP error with the reply code smtp-server sends for it (its `responseCode` convention). */
export function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

export interface ConnectionRateOptions {
  /** Sessions one client IP may open per window. */
  limit: number;
  windowMs: number;
  /**
   * Hard cap on the IPs remembered at once. Past it the longest-known IPs are forgotten: a
   * flood from many addresses may then slip past the rate, but can never exhaust memory.
   */
  maxTrackedIps?: number;
}

/**
 * Per-IP session rate over a sliding window. Memory stays bounded: an IP keeps at most `limit`
 * timestamps, IPs quiet for a whole window are swept out once per window, and `maxTrackedIps`
 * caps the rest.
 */
export function createConnectionRate(options: ConnectionRateOptions) {
  const maxTrackedIps = options.maxTrackedIps ?? 10_000;
  const seen = new Map<string, number[]>();
  let lastSweep = -Infinity;

  function recent(times: number[], now: number): number[] {
    return times.filter((time) => now - time < options.windowMs);
  }

  function sweep(now: number): void {
    for (const [ip, times] of seen) {
      const kept = recent(times, now);
      if (kept.length === 0) seen.delete(ip);
      else seen.set(ip, kept);
    }
    lastSweep = now;
  }

  return {
    /** Records a session for `ip` and returns true, or returns false when the IP is over its rate. */
    admit(ip: string, now: number): boolean {
      if (now - lastSweep >= options.windowMs) sweep(now);
      const times = recent(seen.get(ip) ?? [], now);
      if (times.length >= options.limit) {
        seen.set(ip, times);
        return false;
      }
      // Re-inserting moves the IP to the end of the Map's order, so eviction drops the quietest.
      seen.delete(ip);
      seen.set(ip, [...times, now]);
      for (const oldest of seen.keys()) {
        if (seen.size <= maxTrackedIps) break;
        seen.delete(oldest);
      }
      return true;
    },
    /** How many IPs are remembered right now (for tests and metrics). */
    get trackedIps(): number {
      return seen.size;
    },
  };
}

export type ConnectionRate = ReturnType<typeof createConnectionRate>;

/**
 * Sessions open right now per client IP. Memory is bounded by the open sessions themselves: an
 * IP is forgotten when its last session ends.
 */
export function createSessionsPerIp(limit: number) {
  const open = new Map<string, number>();
  return {
    /** True when `ip` already has `limit` sessions open. */
    full: (ip: string): boolean => (open.get(ip) ?? 0) >= limit,
    opened(ip: string): void {
      open.set(ip, (open.get(ip) ?? 0) + 1);
    },
    closed(ip: string): void {
      const left = (open.get(ip) ?? 0) - 1;
      if (left > 0) open.set(ip, left);
      else open.delete(ip);
    },
    /** How many IPs have a session open (for tests). */
    get trackedIps(): number {
      return open.size;
    },
  };
}

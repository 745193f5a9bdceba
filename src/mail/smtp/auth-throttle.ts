export interface AuthThrottleOptions {
  /** Wait before answering an IP's first failed AUTH; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** This many failures from one IP within `windowMs` lock it out of AUTH for `lockoutMs`. */
  lockoutAfter: number;
  windowMs: number;
  lockoutMs: number;
  /**
   * Hard cap on the IPs remembered at once; past it the longest-quiet are forgotten, so a flood
   * from many addresses may get its delays reset but can never exhaust memory.
   */
  maxTrackedIps: number;
}

// At most 10 guesses per IP per 15 minutes, each answered later than the last (0.5 s, 1 s ... 8 s).
export const AUTH_THROTTLE: AuthThrottleOptions = {
  firstDelayMs: 500,
  maxDelayMs: 8_000,
  lockoutAfter: 10,
  windowMs: 15 * 60_000,
  lockoutMs: 15 * 60_000,
  maxTrackedIps: 10_000,
};

interface IpFailures {
  /** Times of the failures within the window, at most `lockoutAfter`. */
  failures: number[];
  lockedUntil: number;
}

/**
 * Failed AUTH per client IP, across sessions: how long to hold back the answer to each failure,
 * and whether the IP is locked out. The wait is the caller's timer, so it blocks nothing else.
 */
export function createAuthThrottle(options: AuthThrottleOptions = AUTH_THROTTLE) {
  const byIp = new Map<string, IpFailures>();
  let lastSweep = -Infinity;

  function current(ip: string, now: number): IpFailures {
    if (now - lastSweep >= options.windowMs) sweep(now);
    const record = byIp.get(ip) ?? { failures: [], lockedUntil: 0 };
    record.failures = record.failures.filter((time) => now - time < options.windowMs);
    return record;
  }

  function sweep(now: number): void {
    for (const [ip, record] of byIp) {
      const quiet = record.failures.every((time) => now - time >= options.windowMs);
      if (quiet && record.lockedUntil <= now) byIp.delete(ip);
    }
    lastSweep = now;
  }

  return {
    lockedOut(ip: string, now: number): boolean {
      return (byIp.get(ip)?.lockedUntil ?? 0) > now;
    },
    /** Records a failure from `ip`; returns how long to wait before answering it. */
    failed(ip: string, now: number): number {
      const record = current(ip, now);
      record.failures.push(now);
      const delay = Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** (record.failures.length - 1));
      if (record.failures.length >= options.lockoutAfter) {
        record.lockedUntil = now + options.lockoutMs;
        record.failures = [];
      }
      // Re-inserting moves the IP to the end of the Map's order, so eviction drops the quietest.
      byIp.delete(ip);
      byIp.set(ip, record);
      for (const oldest of byIp.keys()) {
        if (byIp.size <= options.maxTrackedIps) break;
        byIp.delete(oldest);
      }
      return delay;
    },
    /** The right password ends the streak: a client that mistyped once is not slowed later. */
    succeeded(ip: string): void {
      byIp.delete(ip);
    },
    /** How many IPs are remembered right now (for tests). */
    get trackedIps(): number {
      return byIp.size;
    },
  };
}

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;

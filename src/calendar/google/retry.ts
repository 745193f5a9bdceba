import type { Logger } from 'pino';
import { classify, type GoogleFailure } from './errors.js';

export interface RetryPolicy {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** In [0, 1); spreads the retries of calls that failed together. */
  random: () => number;
  logger: Logger | undefined;
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A longer Retry-After is not waited for: the caller is answering a prospect, so the host is
   * reported unreachable (and left out of the offer) instead.
   */
  maxRetryAfterMs: number;
}

export const RETRY_DEFAULTS = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/**
 * Runs a Google call, retrying rate limits, 5xx and network failures with exponential backoff
 * and jitter (Google's advice for the Calendar API). Every call the provider makes is safe to
 * repeat: inserts carry their own event id, patches and deletes are idempotent, free/busy reads.
 * Throws a GoogleFailure.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  context: Record<string, unknown>,
  call: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = classify(error);
      const transient = failure.kind === 'retryable' || failure.kind === 'network';
      const delayMs = transient && attempt < policy.attempts ? delayFor(policy, failure, attempt) : null;
      if (delayMs === null) throw failure;
      policy.logger?.warn({ ...context, attempt, delayMs, failure: failure.detail }, 'google calendar call failed; retrying');
      await policy.sleep(delayMs);
    }
  }
}

function delayFor(policy: RetryPolicy, failure: GoogleFailure, attempt: number): number | null {
  const retryAfterMs = parseRetryAfter(failure.retryAfter, policy.now());
  if (retryAfterMs !== null) return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : null;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Equal jitter: half the step is fixed so delays keep growing, half is random.
  return Math.round(step / 2 + (policy.random() * step) / 2);
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110, section 10.2.3). */
function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

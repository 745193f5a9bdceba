/**
 * How long a message that failed waits before the pipeline tries it again: soon (a calendar
 * that blinked, a worker that collided), then further apart. After the last attempt it goes to
 * a person, so a failure is a state of minutes, never a place where a lead is forgotten.
 */
export const INBOUND_RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 20 * 60_000];

/** Attempts in all before a failing message is handed to a person. */
export const INBOUND_MAX_ATTEMPTS = INBOUND_RETRY_DELAYS_MS.length + 1;

/**
 * When a message that has failed `attempts` times (this one included) is tried next, or null
 * when it has had its last attempt.
 */
export function nextInboundAttempt(attempts: number, now: number): number | null {
  const delay = INBOUND_RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : now + delay;
}

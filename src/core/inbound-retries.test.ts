import { describe, expect, it } from 'vitest';
import { INBOUND_MAX_ATTEMPTS, nextInboundAttempt } from './inbound-retries.js';

describe('retries of a failing inbound message', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');

  it('waits longer after each failure', () => {
    const waits = [1, 2, 3].map((attempts) => nextInboundAttempt(attempts, now)! - now);
    expect(waits).toEqual([60_000, 300_000, 1_200_000]);
  });

  it('gives the message to a person after the last attempt, within half an hour of the first', () => {
    expect(nextInboundAttempt(INBOUND_MAX_ATTEMPTS, now)).toBeNull();
    expect(nextInboundAttempt(INBOUND_MAX_ATTEMPTS + 3, now)).toBeNull();
    const total = [1, 2, 3].reduce((sum, attempts) => sum + (nextInboundAttempt(attempts, 0) ?? 0), 0);
    expect(total).toBeLessThan(30 * 60_000);
  });
});

import { describe, expect, it } from 'vitest';
import { createConnectionRate, createSessionsPerIp } from './limits.js';

describe('per-IP connection rate', () => {
  it('admits `limit` sessions per IP in any sliding minute, and the next once the oldest is a minute old', () => {
    const rate = createConnectionRate({ limit: 3, windowMs: 60_000 });
    expect([0, 10_000, 20_000].map((at) => rate.admit('192.0.2.1', at))).toEqual([true, true, true]);
    expect(rate.admit('192.0.2.1', 59_999)).toBe(false);
    expect(rate.admit('198.51.100.7', 59_999)).toBe(true);
    expect(rate.admit('192.0.2.1', 60_000)).toBe(true);
    expect(rate.admit('192.0.2.1', 60_001)).toBe(false);
    expect(rate.admit('192.0.2.1', 70_000)).toBe(true);
  });

  it('does not count refused attempts, so a client under the rate gets in again', () => {
    const rate = createConnectionRate({ limit: 1, windowMs: 60_000 });
    expect(rate.admit('192.0.2.1', 0)).toBe(true);
    for (let at = 1_000; at < 60_000; at += 1_000) expect(rate.admit('192.0.2.1', at)).toBe(false);
    expect(rate.admit('192.0.2.1', 60_000)).toBe(true);
  });

  it('forgets IPs that were quiet for a whole window', () => {
    const rate = createConnectionRate({ limit: 5, windowMs: 60_000 });
    for (let i = 0; i < 100; i++) rate.admit(`10.0.0.${i}`, 1_000);
    expect(rate.trackedIps).toBe(100);
    rate.admit('10.0.1.1', 61_000);
    expect(rate.trackedIps).toBe(1);
  });

  it('never remembers more than maxTrackedIps, dropping the quietest first', () => {
    const rate = createConnectionRate({ limit: 1, windowMs: 60_000, maxTrackedIps: 3 });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) expect(rate.admit(ip, 0)).toBe(true);
    expect(rate.trackedIps).toBe(3);
    // 10.0.0.1 was dropped, so its limit starts over; 10.0.0.4 is still remembered.
    expect(rate.admit('10.0.0.4', 1)).toBe(false);
    expect(rate.admit('10.0.0.1', 1)).toBe(true);
    expect(rate.trackedIps).toBe(3);
  });
});

describe('sessions open per IP', () => {
  it('is full at `limit` open sessions, frees a slot when one ends, and forgets an IP with none', () => {
    const sessions = createSessionsPerIp(2);
    sessions.opened('192.0.2.1');
    sessions.opened('192.0.2.1');
    expect(sessions.full('192.0.2.1')).toBe(true);
    expect(sessions.full('198.51.100.7')).toBe(false);
    sessions.closed('192.0.2.1');
    expect(sessions.full('192.0.2.1')).toBe(false);
    sessions.closed('192.0.2.1');
    expect(sessions.trackedIps).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { AUTH_THROTTLE, createAuthThrottle } from './auth-throttle.js';

const IP = '192.0.2.1';

describe('failed AUTH per IP', () => {
  it('holds back each failure\'s answer twice as long as the last, up to the cap', () => {
    const throttle = createAuthThrottle();
    const delays = Array.from({ length: 7 }, (_, i) => throttle.failed(IP, i * 1_000));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(throttle.failed('198.51.100.7', 7_000)).toBe(500);
  });

  it('locks an IP out after 10 failures within 15 minutes, for 15 minutes', () => {
    const throttle = createAuthThrottle();
    for (let i = 0; i < 9; i++) throttle.failed(IP, i * 60_000);
    expect(throttle.lockedOut(IP, 9 * 60_000)).toBe(false);
    throttle.failed(IP, 10 * 60_000);
    expect(throttle.lockedOut(IP, 10 * 60_000)).toBe(true);
    expect(throttle.lockedOut('198.51.100.7', 10 * 60_000)).toBe(false);
    expect(throttle.lockedOut(IP, 25 * 60_000 - 1)).toBe(true);
    expect(throttle.lockedOut(IP, 25 * 60_000)).toBe(false);
    // The streak starts over after a lockout.
    expect(throttle.failed(IP, 25 * 60_000)).toBe(AUTH_THROTTLE.firstDelayMs);
  });

  it('forgets failures older than the window', () => {
    const throttle = createAuthThrottle();
    for (let i = 0; i < 9; i++) throttle.failed(IP, 0);
    expect(throttle.failed(IP, 15 * 60_000)).toBe(AUTH_THROTTLE.firstDelayMs);
    expect(throttle.lockedOut(IP, 15 * 60_000)).toBe(false);
  });

  it('starts over after the right password', () => {
    const throttle = createAuthThrottle();
    throttle.failed(IP, 0);
    throttle.failed(IP, 1);
    throttle.succeeded(IP);
    expect(throttle.failed(IP, 2)).toBe(AUTH_THROTTLE.firstDelayMs);
  });

  it('never remembers more than maxTrackedIps, and sweeps out IPs quiet for a window', () => {
    const throttle = createAuthThrottle({ ...AUTH_THROTTLE, maxTrackedIps: 3 });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) throttle.failed(ip, 0);
    expect(throttle.trackedIps).toBe(3);
    // 10.0.0.1 was the quietest, and was dropped: its delays start over.
    expect(throttle.failed('10.0.0.1', 1)).toBe(AUTH_THROTTLE.firstDelayMs);
    expect(throttle.failed('10.0.0.4', 1)).toBe(2 * AUTH_THROTTLE.firstDelayMs);
    throttle.failed('10.0.0.9', 15 * 60_000 + 1);
    expect(throttle.trackedIps).toBe(1);
  });
});

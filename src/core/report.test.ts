import { describe, expect, it } from 'vitest';
import { median, reportByCampaign } from './report.js';

const M = 60_000;

describe('campaign report arithmetic', () => {
  it('counts leads, meetings, rate and median time to first reply per campaign', () => {
    const rows = reportByCampaign(
      [
        { campaign: 'a@x', receivedAt: 0, firstReplyAt: 1 * M, bookedAt: 60 * M },
        { campaign: 'a@x', receivedAt: 0, firstReplyAt: 3 * M, bookedAt: null },
        { campaign: 'a@x', receivedAt: 0, firstReplyAt: null, bookedAt: null },
        { campaign: 'a@x', receivedAt: 0, firstReplyAt: 2 * M, bookedAt: 90 * M },
        { campaign: 'b@x', receivedAt: 0, firstReplyAt: 5 * M, bookedAt: null },
      ],
      ['a@x', 'b@x', 'c@x'],
    );
    expect(rows).toEqual([
      { campaign: 'a@x', leads: 4, booked: 2, bookingRate: 0.5, medianFirstReplyMs: 2 * M },
      { campaign: 'b@x', leads: 1, booked: 0, bookingRate: 0, medianFirstReplyMs: 5 * M },
      { campaign: 'c@x', leads: 0, booked: 0, bookingRate: null, medianFirstReplyMs: null },
    ]);
  });

  it('median of even and odd counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

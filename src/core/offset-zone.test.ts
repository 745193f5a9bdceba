import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { usableZone, zoneForOffset } from './offset-zone.js';
import { spreadOffer } from './offer.js';

const WINTER = Date.parse('2026-12-07T10:00:00Z');
const SUMMER = Date.parse('2026-07-07T10:00:00Z');
const HOUR = 3_600_000;

describe('zoneForOffset', () => {
  it.each([
    [345, WINTER, 'Asia/Kathmandu'],
    [-210, WINTER, 'America/St_Johns'],
    [-150, SUMMER, 'America/St_Johns'],
    [330, WINTER, 'Asia/Kolkata'],
    [-570, WINTER, 'Pacific/Marquesas'],
    [765, SUMMER, 'Pacific/Chatham'],
    [825, WINTER, 'Pacific/Chatham'],
    [840, WINTER, 'Etc/GMT-14'],
    [-660, WINTER, 'Etc/GMT+11'],
    [-720, WINTER, 'Etc/GMT+12'],
    [480, WINTER, 'Etc/GMT-8'],
    [0, WINTER, 'UTC'],
  ])('%i minutes at %i → %s', (offset, at, zone) => {
    expect(zoneForOffset(offset, at)).toBe(zone);
  });

  it('prefers a zone of the team that has the offset at that time', () => {
    expect(zoneForOffset(-300, WINTER, ['Europe/London', 'America/New_York'])).toBe('America/New_York');
    expect(zoneForOffset(-300, SUMMER, ['America/New_York'])).toBe('Etc/GMT+5');
  });

  it('has no zone for an offset no place has', () => {
    expect(zoneForOffset(517, WINTER)).toBeNull();
    expect(zoneForOffset(15 * 60, WINTER)).toBeNull();
    expect(zoneForOffset(-13 * 60, WINTER)).toBeNull();
    expect(zoneForOffset(765, WINTER)).toBeNull();
  });

  it('whatever it answers has the offset asked for, and the offer code can use it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -48, max: 56 }), fc.integer({ min: 0, max: 365 * 24 }), (quarters, hours) => {
        const at = Date.parse('2026-01-01T00:00:00Z') + hours * HOUR;
        const zone = zoneForOffset(quarters * 15, at);
        if (zone === null) return;
        expect(IANAZone.create(zone).offset(at)).toBe(quarters * 15);
        const slots = [0, 1, 2, 3].map((day) => ({ start: at + day * 24 * HOUR, end: at + day * 24 * HOUR + HOUR / 2 }));
        expect(spreadOffer({ slots, count: 3, timeZone: zone })).toHaveLength(3);
      }),
    );
  });
});

describe('usableZone', () => {
  it.each([
    ['Europe/Paris', 'Europe/Paris'],
    ['UTC+5:45', 'Asia/Kathmandu'],
    ['UTC-9:30', 'Pacific/Marquesas'],
    ['UTC+8', 'Etc/GMT-8'],
    ['GMT-11', 'Etc/GMT+11'],
    ['UTC', 'UTC'],
    ['UTC+5:17', null],
    ['Mars/Olympus_Mons', null],
  ])('%s → %s', (zone, usable) => {
    expect(usableZone(zone, WINTER)).toBe(usable);
  });
});

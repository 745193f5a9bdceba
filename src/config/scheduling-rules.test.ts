import { describe, expect, it } from 'vitest';
import { at, testCampaign, testHost } from '../../test/support/scenario.js';
import type { SchedulingRules } from './types.js';
import { DEFAULT_SCHEDULING, schedulingFor, slotRules } from './scheduling-rules.js';
import { freeSlots } from '../core/slots.js';

const campaignWith = (overrides: Partial<SchedulingRules>) => {
  const base = testCampaign({ hostIds: ['alice'] });
  return { ...base, meeting: { ...base.meeting, overrides } };
};

describe('schedulingFor: the campaign, else the rep, else the default, key by key', () => {
  const cases: Array<{ name: string; rep: Partial<SchedulingRules>; campaign: Partial<SchedulingRules>; expected: SchedulingRules }> = [
    { name: 'neither sets anything', rep: {}, campaign: {}, expected: DEFAULT_SCHEDULING },
    {
      name: 'the rep’s own rules',
      rep: { durationMinutes: 45, minNoticeMinutes: 1440, bufferAfterMinutes: 15 },
      campaign: {},
      expected: { ...DEFAULT_SCHEDULING, durationMinutes: 45, minNoticeMinutes: 1440, bufferAfterMinutes: 15 },
    },
    {
      name: 'the campaign’s rules win over the rep’s',
      rep: { durationMinutes: 45, horizonDays: 30 },
      campaign: { durationMinutes: 20, horizonDays: 7 },
      expected: { ...DEFAULT_SCHEDULING, durationMinutes: 20, horizonDays: 7 },
    },
    {
      name: 'what the campaign leaves out stays the rep’s',
      rep: { slotStepMinutes: 15, bufferBeforeMinutes: 5, bufferAfterMinutes: 10 },
      campaign: { bufferAfterMinutes: 0 },
      expected: { ...DEFAULT_SCHEDULING, slotStepMinutes: 15, bufferBeforeMinutes: 5, bufferAfterMinutes: 0 },
    },
    {
      name: 'a zero from the campaign is a value, not a gap',
      rep: { minNoticeMinutes: 600 },
      campaign: { minNoticeMinutes: 0 },
      expected: { ...DEFAULT_SCHEDULING, minNoticeMinutes: 0 },
    },
  ];

  it.each(cases)('$name', ({ rep, campaign, expected }) => {
    expect(schedulingFor(testHost({ id: 'alice', scheduling: rep }), campaignWith(campaign))).toEqual(expected);
  });
});

describe('per-rep notice and horizon in free slots (one campaign, no overrides)', () => {
  // Monday 12 January 2026, 08:00 UTC; both reps work 09:00–17:00 UTC on weekdays.
  const now = at('2026-01-12T08:00');
  const campaign = campaignWith({});
  const first = (scheduling: Partial<SchedulingRules>) => {
    const host = testHost({ id: 'alice', scheduling });
    const slots = freeSlots({ now, rules: slotRules(host, campaign), busy: [] });
    return { first: new Date(slots[0]!.start).toISOString().slice(0, 16), last: new Date(slots.at(-1)!.start).toISOString().slice(0, 16) };
  };

  it.each([
    { name: 'the default: 4 hours, 14 days', rep: {}, first: '2026-01-12T12:00', last: '2026-01-23T16:30' },
    { name: 'a day’s notice', rep: { minNoticeMinutes: 1440 }, first: '2026-01-13T09:00', last: '2026-01-23T16:30' },
    { name: 'a 2-day horizon', rep: { horizonDays: 2 }, first: '2026-01-12T12:00', last: '2026-01-13T16:30' },
  ])('$name', ({ rep, first: earliest, last: latest }) => {
    expect(first(rep)).toEqual({ first: earliest, last: latest });
  });
});

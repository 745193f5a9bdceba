/**
 * When meetings can be, as a rep's own `scheduling` and as a campaign's `meeting`: the same keys in
 * both places, so moving a setting from one to the other is a cut and paste. Nothing here has a
 * default: a key left out falls through to the rep, then to the built-in default
 * (config/scheduling-rules.ts), and only the resolver sees both sides.
 */
import { z } from 'zod';
import { wholeNumber } from './primitives.js';
import type { SchedulingRules } from '../types.js';

const buffer = wholeNumber(0, 240);

export const schedulingKeys = {
  duration_minutes: wholeNumber(5, 480).optional().describe('Meeting length (default 30).'),
  slot_step_minutes: wholeNumber(5, 240)
    .optional()
    .describe('Offered start times are this many minutes apart (default 30).'),
  min_notice_hours: z.number().min(0).max(720)
    .optional()
    .describe('Earliest a meeting can start, in hours from now (default 4).'),
  horizon_days: wholeNumber(1, 90).optional().describe('How many days ahead meetings can be booked (default 14).'),
  buffer_minutes: buffer
    .optional()
    .describe('Free minutes kept before and after every meeting: both buffers at once (default 0).'),
  buffer_before_minutes: buffer.optional().describe('Free minutes kept before every meeting (default 0).'),
  buffer_after_minutes: buffer.optional().describe('Free minutes kept after every meeting (default 0).'),
};

type WrittenScheduling = { [K in keyof typeof schedulingKeys]?: number | undefined };

/** `buffer_minutes` is shorthand for both buffers; with either of them as well, one would silently lose. */
export function oneBufferForm(written: WrittenScheduling, ctx: z.core.$RefinementCtx): void {
  const alongside = (['buffer_before_minutes', 'buffer_after_minutes'] as const).filter(
    (key) => written[key] !== undefined,
  );
  if (written.buffer_minutes === undefined || alongside.length === 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['buffer_minutes'],
    message: `sets both buffers, so it cannot go with ${alongside.join(' and ')}; keep one or the other`,
  });
}

/** Only the rules written down: a key left out stays out, so the next level down decides it. */
export function writtenRules(written: WrittenScheduling): Partial<SchedulingRules> {
  const rules: Partial<SchedulingRules> = {};
  const set = <K extends keyof SchedulingRules>(key: K, value: SchedulingRules[K] | undefined) => {
    if (value !== undefined) rules[key] = value;
  };
  set('durationMinutes', written.duration_minutes);
  set('slotStepMinutes', written.slot_step_minutes);
  const notice = written.min_notice_hours;
  set('minNoticeMinutes', notice === undefined ? undefined : Math.round(notice * 60));
  set('horizonDays', written.horizon_days);
  set('bufferBeforeMinutes', written.buffer_before_minutes ?? written.buffer_minutes);
  set('bufferAfterMinutes', written.buffer_after_minutes ?? written.buffer_minutes);
  return rules;
}

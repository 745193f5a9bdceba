/** What a rep may record about a meeting, and when. Pure. */

export const MEETING_OUTCOMES = ['held', 'no_show', 'disqualified'] as const;
export type MeetingOutcome = (typeof MEETING_OUTCOMES)[number];

export function isMeetingOutcome(value: string): value is MeetingOutcome {
  return (MEETING_OUTCOMES as readonly string[]).includes(value);
}

/** Reason codes are short slugs ("no_budget") so reports can count them. */
const REASON_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export type OutcomeRefusal = 'cancelled' | 'not_started' | 'reason_required' | 'reason_not_allowed' | 'bad_reason_code';

export type OutcomeVerdict = { ok: true } | { ok: false; reason: OutcomeRefusal };

export function checkOutcome(input: {
  outcome: MeetingOutcome;
  reason: string | null;
  booking: { status: string; start: number };
  now: number;
}): OutcomeVerdict {
  const { outcome, reason, booking, now } = input;
  if (booking.status !== 'confirmed') return { ok: false, reason: 'cancelled' };
  if (outcome === 'disqualified') {
    if (reason === null) return { ok: false, reason: 'reason_required' };
    if (!REASON_CODE.test(reason)) return { ok: false, reason: 'bad_reason_code' };
    // A lead can turn out to be unqualified before the meeting; held or no-show cannot.
    return { ok: true };
  }
  if (reason !== null) return { ok: false, reason: 'reason_not_allowed' };
  if (now < booking.start) return { ok: false, reason: 'not_started' };
  return { ok: true };
}

export function describeRefusal(reason: OutcomeRefusal): string {
  switch (reason) {
    case 'cancelled':
      return 'the meeting was cancelled; there is no outcome to record';
    case 'not_started':
      return 'the meeting has not started yet; held and no_show can be recorded from its start';
    case 'reason_required':
      return 'disqualified needs a reason code, e.g. --reason no_budget';
    case 'reason_not_allowed':
      return 'only disqualified takes a reason code';
    case 'bad_reason_code':
      return 'a reason code is lower-case letters, digits and _ (at most 40), starting with a letter, e.g. no_budget';
  }
}

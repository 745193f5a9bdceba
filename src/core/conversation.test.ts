import { describe, expect, it } from 'vitest';
import {
  INITIAL_STATE,
  step,
  stepAfterSlotTaken,
  type ConversationState,
  type StepInput,
  type TurnEvent,
} from './conversation.js';
import type { Understanding } from './understanding.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 24, 15); // Tue 24 Nov 2026 15:00Z
const NOW = T0 - 48 * H;
const slot = (hours: number) => ({ start: T0 + hours * H, end: T0 + hours * H + H / 2 });
const FREE = [slot(0), slot(1), slot(24), slot(25), slot(48), slot(49)];
const FOLLOW_UP = 48 * H;

const offeredState: ConversationState = {
  ...INITIAL_STATE,
  status: 'offered',
  hostIds: ['alice'],
  offered: [
    { position: 1, ...slot(0) },
    { position: 2, ...slot(24) },
    { position: 3, ...slot(48) },
  ],
  followUp: { dueAt: NOW + FOLLOW_UP, sent: false },
};
const booking = { uid: 'b1@meet', start: slot(24).start, end: slot(24).end, hostIds: ['alice'], sequence: 0 };
const bookedState: ConversationState = { ...offeredState, status: 'booked', booking, followUp: { dueAt: null, sent: false } };

function understood(partial: Partial<Understanding>): Understanding {
  return { intent: 'unclear', choice: null, times: [], timeZone: null, people: [], question: null, language: null, engine: 'rules', ...partial };
}

function message(partial: Partial<Understanding>, extra: { faqAnswer?: string | null; trusted?: boolean; untrustedToPerson?: boolean } = {}): TurnEvent {
  return {
    kind: 'message',
    understanding: understood(partial),
    faqAnswer: extra.faqAnswer ?? null,
    trusted: extra.trusted ?? true,
    untrustedToPerson: extra.untrustedToPerson ?? false,
  };
}

function input(state: ConversationState, event: TurnEvent, overrides: Partial<StepInput> = {}): StepInput {
  return {
    state,
    event,
    now: NOW,
    proposal: { hostIds: ['alice'], slots: [slot(1), slot(25), slot(49)], free: FREE },
    hostFree: FREE,
    followUpAfterMs: FOLLOW_UP,
    prospectZone: 'UTC',
    ...overrides,
  };
}

const kinds = (result: { effects: Array<{ kind: string }> }) => result.effects.map((effect) => effect.kind);

describe('conversation: first contact', () => {
  it('a first message gets three times from the proposed host, and a nudge is scheduled', () => {
    const result = step(input(INITIAL_STATE, message({ intent: 'unclear' })));
    expect(result.state).toMatchObject({ status: 'offered', hostIds: ['alice'], followUp: { dueAt: NOW + FOLLOW_UP, sent: false } });
    expect(result.state.offered.map((offer) => offer.position)).toEqual([1, 2, 3]);
    expect(result.effects).toEqual([
      { kind: 'offer', hostIds: ['alice'], slots: result.state.offered, reason: 'first_contact', answer: null, deferredQuestion: null, guess: null },
    ]);
  });

  it('a first message naming a free time books it straight away', () => {
    const wanted = slot(25).start;
    const result = step(input(INITIAL_STATE, message({ intent: 'propose', times: [{ start: wanted, end: wanted }] })));
    expect(result.effects).toEqual([{ kind: 'book', hostIds: ['alice'], slot: slot(25), attendee: null }]);
  });

  it('nobody free hands the lead to a person', () => {
    const result = step(input(INITIAL_STATE, message({}), { proposal: null }));
    expect(result.state.status).toBe('handed_off');
    expect(result.effects[0]).toMatchObject({ kind: 'hand_to_human', tellProspect: true });
  });

  it('a question answered from the FAQ comes with the times; an unknown one is deferred to the rep', () => {
    const answered = step(input(INITIAL_STATE, message({ intent: 'question', question: 'Price?' }, { faqAnswer: 'From $49.' })));
    expect(answered.effects[0]).toMatchObject({ kind: 'offer', answer: 'From $49.', deferredQuestion: null });
    const deferred = step(input(INITIAL_STATE, message({ intent: 'question', question: 'SOC 2?' })));
    expect(deferred.effects[0]).toMatchObject({ kind: 'offer', answer: null, deferredQuestion: 'SOC 2?' });
  });

  it('"set it up with my colleague" makes the colleague the attendee', () => {
    const jane = { name: 'Jane', email: 'jane@example.com' };
    const result = step(input(INITIAL_STATE, message({ intent: 'redirect', people: [jane] })));
    expect(result.state.attendee).toEqual(jane);
    expect(kinds(result)).toEqual(['offer']);
    const booked = step(input(result.state, message({ intent: 'pick', choice: 1 })));
    expect(booked.effects[0]).toMatchObject({ kind: 'book', attendee: jane });
  });
});

describe('conversation: choosing a time', () => {
  it('a pick by position books that slot', () => {
    const result = step(input(offeredState, message({ intent: 'pick', choice: 2 })));
    expect(result.state.status).toBe('booked');
    expect(result.state.followUp.dueAt).toBeNull();
    expect(result.effects).toEqual([{ kind: 'book', hostIds: ['alice'], slot: slot(24), attendee: null }]);
  });

  it('a pick by time inside an offered slot books it', () => {
    const at = slot(48).start;
    const result = step(input(offeredState, message({ intent: 'pick', times: [{ start: at, end: at }] })));
    expect(result.effects).toEqual([{ kind: 'book', hostIds: ['alice'], slot: slot(48), attendee: null }]);
  });

  it('a pick of a slot that is no longer free gets fresh times, never a booking', () => {
    const hostFree = FREE.filter((free) => free.start !== slot(24).start);
    const result = step(input(offeredState, message({ intent: 'pick', choice: 2 }), { hostFree }));
    expect(result.state.status).toBe('offered');
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'slot_taken' });
  });

  it('a proposed busy time gets the nearest free times', () => {
    const wanted = T0 + 26 * H;
    const result = step(input(offeredState, message({ intent: 'propose', times: [{ start: wanted, end: wanted }] })));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'no_fit' });
    expect(result.state.offered.map((offer) => offer.start)).toEqual([slot(24).start, slot(25).start, slot(48).start]);
  });

  it('a range books the one offered or free slot inside it; with several, offers those inside it', () => {
    const one = step(input(offeredState, message({ intent: 'propose', times: [{ start: slot(49).start - H / 2, end: slot(49).end }] })));
    expect(one.effects[0]).toMatchObject({ kind: 'book', slot: slot(49) });
    const several = step(
      input(offeredState, message({ intent: 'propose', times: [{ start: slot(25).start, end: slot(26).end }] }), {
        hostFree: [...FREE, slot(26)],
      }),
    );
    expect(several.effects[0]).toMatchObject({ kind: 'offer', reason: 'requested' });
    expect(several.state.offered.every((offer) => offer.start >= slot(25).start && offer.end <= slot(26).end)).toBe(true);
    const covering = step(input(offeredState, message({ intent: 'propose', times: [{ start: slot(48).start, end: slot(49).end }] })));
    expect(covering.effects[0]).toMatchObject({ kind: 'book', slot: slot(48) });
  });

  it('"none of these work" offers three times not shown before', () => {
    const result = step(input(offeredState, message({ intent: 'request_times' })));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'requested' });
    expect(result.state.offered.map((offer) => offer.start)).toEqual([slot(1).start, slot(25).start, slot(49).start]);
  });

  it('a window with free time in it gets times inside the window, not "that time is not available"', () => {
    const nextDay = { start: T0 + 25 * H, end: T0 + 30 * H };
    const hostFree = [...FREE, slot(26), slot(28)];
    const proposal = { hostIds: ['alice'], slots: [slot(1), slot(25), slot(49)], free: hostFree };
    const result = step(input(offeredState, message({ intent: 'propose', times: [nextDay] }), { hostFree, proposal }));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'requested' });
    expect(result.state.offered.length).toBeGreaterThanOrEqual(2);
    for (const offered of result.state.offered) {
      expect(offered.start).toBeGreaterThanOrEqual(nextDay.start);
      expect(offered.end).toBeLessThanOrEqual(nextDay.end);
    }
  });

  it('inside a window, times held for other leads are offered only when nothing else in it is free', () => {
    const dayAfter = { start: T0 + 72 * H, end: T0 + 78 * H };
    const hostFree = [...FREE, slot(72), slot(73), slot(74), slot(76)];
    // slot(72) and slot(73) are held for another lead: the proposal's free times leave them out.
    const unheld = hostFree.filter((free) => free.start !== slot(72).start && free.start !== slot(73).start);
    const proposal = { hostIds: ['alice'], slots: [slot(1), slot(25), slot(49)], free: unheld };
    const around = step(input(offeredState, message({ intent: 'propose', times: [dayAfter] }), { hostFree, proposal }));
    expect(around.state.offered.map((offered) => offered.start)).toEqual([slot(74).start, slot(76).start]);

    const allHeld = { ...proposal, free: FREE };
    const held = step(input(offeredState, message({ intent: 'propose', times: [dayAfter] }), { hostFree: [...FREE, slot(72), slot(76)], proposal: allHeld }));
    expect(held.state.offered.map((offered) => offered.start)).toEqual([slot(72).start, slot(76).start]);
  });

  it('a time nobody has free gets the nearest times nobody else holds', () => {
    const wanted = { start: T0 + 72 * H + 15 * 60_000, end: T0 + 72 * H + 15 * 60_000 };
    const proposal = { hostIds: ['alice'], slots: [slot(1), slot(24), slot(25)], free: [slot(0), slot(1), slot(24), slot(25)] };
    const result = step(input(offeredState, message({ intent: 'propose', times: [wanted] }), { proposal }));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'no_fit' });
    expect(result.state.offered.map((offered) => offered.start)).toEqual([slot(1).start, slot(24).start, slot(25).start]);
  });

  it('a question asked with a pick is answered after the booking', () => {
    const result = step(input(offeredState, message({ intent: 'pick', choice: 1, question: 'Zoom?' }, { faqAnswer: 'Yes, on Zoom.' })));
    expect(result.effects).toEqual([
      { kind: 'book', hostIds: ['alice'], slot: slot(0), attendee: null },
      { kind: 'reply', template: 'question_answered', answer: 'Yes, on Zoom.', question: 'Zoom?' },
    ]);
  });

  it('a question asked with other times is deferred inside the new offer', () => {
    const result = step(input(offeredState, message({ intent: 'request_times', question: 'Is it recorded?' })));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', answer: null, deferredQuestion: 'Is it recorded?' });
  });

  it('unclear once repeats the times, twice hands to a person', () => {
    const once = step(input(offeredState, message({ intent: 'unclear' })));
    expect(once.state).toMatchObject({ status: 'offered', unclearCount: 1 });
    expect(once.effects[0]).toMatchObject({ kind: 'offer', reason: 'unclear', slots: offeredState.offered });
    const twice = step(input(once.state, message({ intent: 'unclear' })));
    expect(twice.state.status).toBe('handed_off');
    expect(twice.effects[0]).toMatchObject({ kind: 'hand_to_human', tellProspect: true });
  });

  it('an unsure guess is asked back with the same times, never booked; a guess outside the offer is dropped', () => {
    const guessed = step(input(offeredState, message({ intent: 'unclear', choice: 2 })));
    expect(kinds(guessed)).toEqual(['offer']);
    expect(guessed.effects[0]).toMatchObject({ kind: 'offer', reason: 'unclear', guess: 2, slots: offeredState.offered });
    expect(guessed.state).toMatchObject({ status: 'offered', unclearCount: 1 });
    const outside = step(input(offeredState, message({ intent: 'unclear', choice: 7 })));
    expect(outside.effects[0]).toMatchObject({ kind: 'offer', reason: 'unclear', guess: null });
    const confirmed = step(input(guessed.state, message({ intent: 'pick', choice: 2 })));
    expect(confirmed.effects[0]).toMatchObject({ kind: 'book', slot: slot(24) });
  });

  it('a meeting being moved is never offered its own time back', () => {
    const proposal = { hostIds: ['alice'], slots: [slot(1), slot(24), slot(49)], free: FREE };
    const result = step(input(bookedState, message({ intent: 'reschedule' }), { proposal }));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'reschedule' });
    expect(result.state.offered).toHaveLength(3);
    expect(result.state.offered.map((offered) => offered.start)).not.toContain(slot(24).start);
    const window = { start: T0 + 24 * H, end: T0 + 50 * H };
    const inside = step(input(bookedState, message({ intent: 'reschedule', times: [window] }), { proposal }));
    expect(inside.effects[0]).toMatchObject({ kind: 'offer' });
    expect(inside.state.offered.length).toBeGreaterThanOrEqual(2);
    expect(inside.state.offered.map((offered) => offered.start)).not.toContain(slot(24).start);
  });

  it('a booking that lost the race becomes a fresh offer', () => {
    const result = stepAfterSlotTaken({
      state: offeredState,
      now: NOW,
      proposal: { hostIds: ['bob'], slots: [slot(2)], free: [slot(2)] },
      hostFree: [],
      followUpAfterMs: null,
      prospectZone: 'UTC',
    });
    expect(result.state).toMatchObject({ status: 'offered', hostIds: ['bob'] });
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'slot_taken' });
  });
});

describe('conversation: endings', () => {
  it('a decline ends politely', () => {
    for (const state of [INITIAL_STATE, offeredState]) {
      const result = step(input(state, message({ intent: 'decline' })));
      expect(result.state.status).toBe('declined');
      expect(result.effects).toEqual([{ kind: 'reply', template: 'decline', answer: null, question: null }]);
    }
  });

  it('unsubscribe is remembered and acknowledged; with a meeting booked the rep is told', () => {
    const result = step(input(offeredState, message({ intent: 'unsubscribe' })));
    expect(result.state.status).toBe('unsubscribed');
    expect(kinds(result)).toEqual(['suppress', 'reply']);
    expect(kinds(step(input(bookedState, message({ intent: 'unsubscribe' }))))).toEqual(['suppress', 'reply', 'hand_to_human']);
  });

  it('after a decline or unsubscribe the agent never writes again; a person sees the message', () => {
    for (const status of ['declined', 'unsubscribed'] as const) {
      const result = step(input({ ...offeredState, status }, message({ intent: 'pick', choice: 1 })));
      expect(result.state.status).toBe(status);
      expect(result.effects).toEqual([expect.objectContaining({ kind: 'hand_to_human', tellProspect: false })]);
    }
  });

  it('asking for a person hands over; the agent then stays silent and forwards', () => {
    const handed = step(input(offeredState, message({ intent: 'human' })));
    expect(handed.state.status).toBe('handed_off');
    const later = step(input(handed.state, message({ intent: 'pick', choice: 1 })));
    expect(later.effects).toEqual([{ kind: 'hand_to_human', reason: 'the conversation is with a person', tellProspect: false }]);
  });
});

describe('conversation: after booking', () => {
  it('cancel cancels the booking', () => {
    const result = step(input(bookedState, message({ intent: 'cancel' })));
    expect(result.state).toMatchObject({ status: 'cancelled', booking: null });
    expect(result.effects).toEqual([{ kind: 'cancel', booking }]);
  });

  it('reschedule to a named free time moves the same booking with a new sequence', () => {
    const wanted = slot(49).start;
    const result = step(input(bookedState, message({ intent: 'reschedule', times: [{ start: wanted, end: wanted }] })));
    expect(result.effects).toEqual([{ kind: 'move', booking, slot: slot(49), hostIds: ['alice'] }]);
    expect(result.state.booking).toMatchObject({ uid: 'b1@meet', start: slot(49).start, sequence: 1 });
    expect(result.state.status).toBe('booked');
  });

  it('reschedule without a time offers new times; the pick then moves the booking', () => {
    const offered = step(input(bookedState, message({ intent: 'reschedule' })));
    expect(offered.state.status).toBe('rescheduling');
    expect(offered.effects[0]).toMatchObject({ kind: 'offer', reason: 'reschedule' });
    const picked = step(input(offered.state, message({ intent: 'pick', choice: 1 })));
    expect(picked.effects[0]).toMatchObject({ kind: 'move', booking });
    expect(picked.state.status).toBe('booked');
  });

  it('"thanks, see you then" gets no reply; the rep sees it', () => {
    const result = step(input(bookedState, message({ intent: 'unclear' })));
    expect(result.state).toEqual(bookedState);
    expect(result.effects).toEqual([{ kind: 'hand_to_human', reason: 'message after booking', tellProspect: false }]);
  });

  it('a question after booking is answered or deferred without touching the booking', () => {
    const result = step(input(bookedState, message({ intent: 'question', question: 'Zoom?' }, { faqAnswer: 'Yes, Zoom.' })));
    expect(result.state).toEqual(bookedState);
    expect(result.effects).toEqual([{ kind: 'reply', template: 'question_answered', answer: 'Yes, Zoom.', question: 'Zoom?' }]);
  });

  it('a message that failed authentication can never change a booking, and its sender is not answered', () => {
    for (const intent of ['cancel', 'reschedule', 'pick'] as const) {
      const result = step(input(bookedState, message({ intent, choice: 1 }, { trusted: false })));
      expect(result.state.booking).toEqual(booking);
      expect(result.effects).toEqual([expect.objectContaining({ kind: 'hand_to_human', tellProspect: false })]);
    }
  });

  it('an unauthenticated question goes to a person unanswered; hand_to_human campaigns give the person the thread', () => {
    const question = { intent: 'question' as const, question: 'Do you integrate with Salesforce?' };
    const recorded = step(input(offeredState, message(question, { trusted: false })));
    expect(recorded.effects).toEqual([expect.objectContaining({ kind: 'hand_to_human', tellProspect: false })]);
    expect(recorded.state.status).toBe(offeredState.status);
    const handed = step(input(offeredState, message(question, { trusted: false, untrustedToPerson: true })));
    expect(handed.effects).toEqual([expect.objectContaining({ kind: 'hand_to_human', tellProspect: false })]);
    expect(handed.state.status).toBe('handed_off');
  });
});

describe('conversation: silence', () => {
  it('one nudge with fresh times after the silence, then stalled, then nothing', () => {
    const due = { now: NOW + FOLLOW_UP + 1 };
    const nudged = step(input(offeredState, { kind: 'silence' }, due));
    expect(nudged.effects[0]).toMatchObject({ kind: 'offer', reason: 'follow_up' });
    expect(nudged.state.followUp).toEqual({ dueAt: due.now + FOLLOW_UP, sent: true });
    const stalled = step(input(nudged.state, { kind: 'silence' }, { now: due.now + FOLLOW_UP + 1 }));
    expect(stalled).toEqual({ state: expect.objectContaining({ status: 'stalled' }), effects: [] });
    expect(step(input(stalled.state, { kind: 'silence' }, { now: due.now + 10 * FOLLOW_UP })).effects).toEqual([]);
  });

  it('no nudge before it is due, nor for a booked conversation', () => {
    expect(step(input(offeredState, { kind: 'silence' })).effects).toEqual([]);
    const booked = step(input({ ...bookedState, followUp: { dueAt: NOW, sent: false } }, { kind: 'silence' }, { now: NOW + 1 }));
    expect(booked.effects).toEqual([]);
    expect(booked.state.followUp.dueAt).toBeNull();
  });

  it('a stalled conversation picks up again when the prospect writes', () => {
    const result = step(input({ ...offeredState, status: 'stalled' }, message({ intent: 'pick', choice: 3 })));
    expect(result.effects[0]).toMatchObject({ kind: 'book', slot: slot(48) });
  });
});

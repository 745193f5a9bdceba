import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, step, stepAfterSlotTaken, type ConversationState, type StepInput } from './conversation.js';
import type { Understanding } from '../agent/understanding.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 24, 15); // Tue 24 Nov 2026 15:00Z
const slot = (hours: number) => ({ start: T0 + hours * H, end: T0 + hours * H + H / 2 });
const FREE = [slot(0), slot(1), slot(24), slot(25), slot(48), slot(49)];

const offeredState: ConversationState = {
  ...INITIAL_STATE,
  status: 'offered',
  hostId: 'alice',
  offered: [
    { position: 1, ...slot(0) },
    { position: 2, ...slot(24) },
    { position: 3, ...slot(48) },
  ],
};

function understood(partial: Partial<Understanding>): Understanding {
  return {
    intent: 'unclear',
    choice: null,
    times: [],
    timeZone: null,
    people: [],
    question: null,
    language: null,
    engine: 'rules',
    ...partial,
  };
}

function input(state: ConversationState, understanding: Understanding, overrides: Partial<StepInput> = {}): StepInput {
  return {
    state,
    understanding,
    proposal: { hostId: 'alice', slots: [slot(1), slot(25), slot(49)] },
    hostFree: FREE,
    ...overrides,
  };
}

describe('conversation step', () => {
  it('new: a first message gets three times from the proposed host', () => {
    const result = step(input(INITIAL_STATE, understood({ intent: 'unclear' })));
    expect(result.state).toMatchObject({ status: 'offered', hostId: 'alice' });
    expect(result.state.offered.map((offer) => offer.position)).toEqual([1, 2, 3]);
    expect(result.effects).toEqual([
      { kind: 'offer', hostId: 'alice', slots: result.state.offered, reason: 'first_contact' },
    ]);
  });

  it('new: nobody free hands the lead to a person', () => {
    const result = step(input(INITIAL_STATE, understood({}), { proposal: null }));
    expect(result.state.status).toBe('handed_off');
    expect(result.effects[0]).toMatchObject({ kind: 'hand_to_human', tellProspect: true });
  });

  it('new or offered: a decline ends politely', () => {
    for (const state of [INITIAL_STATE, offeredState]) {
      const result = step(input(state, understood({ intent: 'decline' })));
      expect(result.state.status).toBe('declined');
      expect(result.effects).toEqual([{ kind: 'acknowledge_decline' }]);
    }
  });

  it('offered: a pick by position books that slot', () => {
    const result = step(input(offeredState, understood({ intent: 'pick', choice: 2 })));
    expect(result.state.status).toBe('booked');
    expect(result.effects).toEqual([{ kind: 'book', hostId: 'alice', slot: slot(24) }]);
  });

  it('offered: a pick by time inside an offered slot books it', () => {
    const at = slot(48).start;
    const result = step(input(offeredState, understood({ intent: 'pick', times: [{ start: at, end: at }] })));
    expect(result.effects).toEqual([{ kind: 'book', hostId: 'alice', slot: slot(48) }]);
  });

  it('offered: a pick of a slot that is no longer free gets fresh times, never a booking', () => {
    const result = step(
      input(offeredState, understood({ intent: 'pick', choice: 2 }), { hostFree: FREE.filter((free) => free.start !== slot(24).start) }),
    );
    expect(result.state.status).toBe('offered');
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'slot_taken' });
    expect(result.effects.some((effect) => effect.kind === 'book')).toBe(false);
  });

  it('offered: a proposed free time that is not offered books it when exactly one slot fits', () => {
    const wanted = slot(25).start;
    const result = step(input(offeredState, understood({ intent: 'propose', times: [{ start: wanted, end: wanted }] })));
    expect(result.effects).toEqual([{ kind: 'book', hostId: 'alice', slot: slot(25) }]);
  });

  it('offered: a proposed busy time gets the nearest free times', () => {
    const wanted = T0 + 26 * H;
    const result = step(input(offeredState, understood({ intent: 'propose', times: [{ start: wanted, end: wanted }] })));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'no_fit' });
    const offered = result.state.offered.map((offer) => offer.start);
    expect(offered).toEqual([slot(24).start, slot(25).start, slot(48).start]);
  });

  it('offered: asking for other times offers ones not shown before', () => {
    const result = step(input(offeredState, understood({ intent: 'request_times' })));
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'requested' });
    expect(result.state.offered.map((offer) => offer.start)).toEqual([slot(1).start, slot(25).start, slot(49).start]);
  });

  it('offered: unclear once repeats the times, twice hands to a person', () => {
    const once = step(input(offeredState, understood({ intent: 'unclear' })));
    expect(once.state).toMatchObject({ status: 'offered', unclearCount: 1 });
    expect(once.effects[0]).toMatchObject({ kind: 'offer', reason: 'unclear', slots: offeredState.offered });
    const twice = step(input(once.state, understood({ intent: 'unclear' })));
    expect(twice.state.status).toBe('handed_off');
    expect(twice.effects[0]).toMatchObject({ kind: 'hand_to_human', tellProspect: true });
  });

  it('booked: any later message goes to a person; the booking stands', () => {
    const booked: ConversationState = { ...offeredState, status: 'booked' };
    const result = step(input(booked, understood({ intent: 'pick', choice: 1 })));
    expect(result.state).toEqual(booked);
    expect(result.effects).toEqual([{ kind: 'hand_to_human', reason: 'message after booking', tellProspect: true }]);
  });

  it('handed off: the agent stays silent and forwards to the person', () => {
    const handed: ConversationState = { ...offeredState, status: 'handed_off' };
    const result = step(input(handed, understood({ intent: 'pick', choice: 1 })));
    expect(result.state).toEqual(handed);
    expect(result.effects).toEqual([{ kind: 'hand_to_human', reason: 'the conversation is with a person', tellProspect: false }]);
  });

  it('declined: nothing more is ever sent', () => {
    const declined: ConversationState = { ...offeredState, status: 'declined' };
    expect(step(input(declined, understood({ intent: 'pick', choice: 1 })))).toEqual({ state: declined, effects: [] });
  });

  it('a booking that lost the race becomes a fresh offer', () => {
    const result = stepAfterSlotTaken(offeredState, { hostId: 'bob', slots: [slot(2)] });
    expect(result.state).toMatchObject({ status: 'offered', hostId: 'bob' });
    expect(result.effects[0]).toMatchObject({ kind: 'offer', reason: 'slot_taken' });
  });
});

import type { Interval } from './interval.js';
import type { OfferedTime, Understanding } from '../agent/understanding.js';

export type ConversationStatus = 'new' | 'offered' | 'booked' | 'handed_off' | 'declined';

export interface ConversationState {
  status: ConversationStatus;
  hostId: string | null;
  offered: OfferedTime[];
  /** Messages in a row the agent could not read; the second one goes to a person. */
  unclearCount: number;
  booking: { uid: string; start: number; end: number } | null;
}

export const INITIAL_STATE: ConversationState = {
  status: 'new',
  hostId: null,
  offered: [],
  unclearCount: 0,
  booking: null,
};

export type OfferReason = 'first_contact' | 'unclear' | 'slot_taken' | 'no_fit' | 'requested';

/** What the pipeline must do, in order. Effects are data; step never performs them. */
export type Effect =
  | { kind: 'offer'; hostId: string; slots: OfferedTime[]; reason: OfferReason }
  | { kind: 'book'; hostId: string; slot: Interval }
  | { kind: 'acknowledge_decline' }
  /** `tellProspect`: whether the prospect hears that a person will answer (not again once they did). */
  | { kind: 'hand_to_human'; reason: string; tellProspect: boolean };

export interface StepInput {
  state: ConversationState;
  understanding: Understanding;
  /**
   * A fresh offer the code computed from the calendars (routing done, spread applied), or
   * null when nobody on the campaign has a free slot in the horizon.
   */
  proposal: { hostId: string; slots: Interval[] } | null;
  /** Every free slot of the conversation's current host, read fresh for this step. */
  hostFree: readonly Interval[];
}

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}

const UNCLEAR_LIMIT = 2;

/** The conversation state machine: state + understood message -> next state + effects. */
export function step(input: StepInput): StepResult {
  const { state, understanding } = input;
  switch (state.status) {
    case 'handed_off':
      return {
        state,
        effects: [{ kind: 'hand_to_human', reason: 'the conversation is with a person', tellProspect: false }],
      };
    case 'booked':
      return {
        state,
        effects: [{ kind: 'hand_to_human', reason: 'message after booking', tellProspect: true }],
      };
    case 'declined':
      return { state, effects: [] };
    case 'new':
      if (understanding.intent === 'decline') return decline(state);
      return offerFresh(state, input.proposal, 'first_contact');
    case 'offered':
      return stepOffered(input);
  }
}

function stepOffered(input: StepInput): StepResult {
  const { state, understanding } = input;
  switch (understanding.intent) {
    case 'decline':
    case 'unsubscribe':
    case 'cancel':
      return decline(state);
    case 'request_times':
    case 'reschedule':
      return offerFresh(state, input.proposal, 'requested');
    case 'human':
      return handOff(state, 'the prospect asked for a person');
    case 'question':
    case 'redirect':
    case 'pick':
    case 'propose': {
      const chosen = chosenSlot(state, understanding, input.hostFree);
      if (chosen === 'taken') return offerFresh(state, input.proposal, 'slot_taken');
      if (chosen) return book(state, chosen);
      if (understanding.times.length > 0) return offerNearest(state, input, understanding.times[0]!);
      return unclear(state, input);
    }
    case 'unclear':
      return unclear(state, input);
  }
}

/** The one slot the prospect's words select, 'taken' when it is no longer free, or null. */
function chosenSlot(
  state: ConversationState,
  understanding: Understanding,
  hostFree: readonly Interval[],
): Interval | 'taken' | null {
  const byPosition =
    understanding.choice !== null
      ? state.offered.find((offer) => offer.position === understanding.choice)
      : undefined;
  const wanted = understanding.times[0];
  const byTime =
    wanted &&
    state.offered.find((offer) => offer.start <= wanted.start && wanted.start < offer.end);
  const offered = byPosition ?? byTime;
  if (offered) {
    const slot = { start: offered.start, end: offered.end };
    return hostFree.some((free) => free.start === slot.start && free.end === slot.end) ? slot : 'taken';
  }
  if (!wanted) return null;
  const fits = hostFree.filter((free) =>
    wanted.end > wanted.start
      ? free.start >= wanted.start && free.end <= wanted.end
      : free.start === wanted.start,
  );
  return fits.length === 1 ? fits[0]! : null;
}

function book(state: ConversationState, slot: Interval): StepResult {
  return {
    state: { ...state, status: 'booked', unclearCount: 0 },
    effects: [{ kind: 'book', hostId: state.hostId!, slot }],
  };
}

/**
 * The booking the step asked for lost a race (the slot was taken between the read and the
 * write): the prospect gets fresh times instead of a confirmation.
 */
export function stepAfterSlotTaken(state: ConversationState, proposal: StepInput['proposal']): StepResult {
  return offerFresh(state, proposal, 'slot_taken');
}

function offerFresh(state: ConversationState, proposal: StepInput['proposal'], reason: OfferReason): StepResult {
  if (!proposal || proposal.slots.length === 0) {
    return handOff(state, 'no free slot within the horizon');
  }
  const previously = new Set(state.offered.map((offer) => offer.start));
  const unseen = proposal.slots.filter((slot) => !previously.has(slot.start));
  const slots = reason === 'requested' && unseen.length > 0 ? unseen : proposal.slots;
  return offer(state, proposal.hostId, slots, reason);
}

/** The prospect named a time we cannot give them: offer the free slots closest to it. */
function offerNearest(state: ConversationState, input: StepInput, wanted: Interval): StepResult {
  if (input.hostFree.length === 0 || state.hostId === null) {
    return offerFresh(state, input.proposal, 'no_fit');
  }
  const nearest = [...input.hostFree]
    .sort((a, b) => Math.abs(a.start - wanted.start) - Math.abs(b.start - wanted.start))
    .slice(0, 3)
    .sort((a, b) => a.start - b.start);
  return offer(state, state.hostId, nearest, 'no_fit');
}

function unclear(state: ConversationState, input: StepInput): StepResult {
  const unclearCount = state.unclearCount + 1;
  if (unclearCount >= UNCLEAR_LIMIT) return handOff(state, 'could not understand the prospect twice');
  const stillFree = state.offered.filter((offered) =>
    input.hostFree.some((free) => free.start === offered.start && free.end === offered.end),
  );
  const next = { ...state, unclearCount };
  if (stillFree.length === state.offered.length && state.hostId !== null) {
    return offer(next, state.hostId, stillFree, 'unclear');
  }
  return offerFresh(next, input.proposal, 'unclear');
}

function offer(
  state: ConversationState,
  hostId: string,
  slots: readonly Interval[],
  reason: OfferReason,
): StepResult {
  const offered = slots.map((slot, index) => ({ position: index + 1, start: slot.start, end: slot.end }));
  return {
    state: { ...state, status: 'offered', hostId, offered },
    effects: [{ kind: 'offer', hostId, slots: offered, reason }],
  };
}

function decline(state: ConversationState): StepResult {
  return { state: { ...state, status: 'declined' }, effects: [{ kind: 'acknowledge_decline' }] };
}

function handOff(state: ConversationState, reason: string): StepResult {
  return {
    state: { ...state, status: 'handed_off' },
    effects: [{ kind: 'hand_to_human', reason, tellProspect: true }],
  };
}

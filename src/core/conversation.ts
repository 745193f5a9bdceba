import { overlaps, type Interval } from './interval.js';
import type { OfferedTime, Understanding } from './understanding.js';
import {
  OFFER_SIZE,
  type ConversationState,
  type Effect,
  type OfferReason,
  type Person,
  type Proposal,
  type StepInput,
  type StepResult,
  type TurnEvent,
} from './conversation-types.js';
import { chosenSlot, isStillFree, nearestSlots, slotsWithin } from './slot-choice.js';
import { spreadOffer } from './offer.js';

export * from './conversation-types.js';

const UNCLEAR_LIMIT = 2;

/** The conversation state machine: state + event -> next state + effects. Pure. */
export function step(raw: StepInput): StepResult {
  const input = withoutBookedTime(raw);
  const { event } = input;
  if (event.kind === 'silence') return onSilence(input);
  return withQuestion(stepMessage(input), event);
}

/**
 * A meeting being moved is never offered its own time back: the calendars show that time free
 * for this conversation (the meeting is its own), but "can we move it?" wants another one.
 */
function withoutBookedTime<T extends Omit<StepInput, 'event'>>(input: T): T {
  const booked = input.state.booking;
  if (!booked) return input;
  const apart = (slot: Interval) => !overlaps(slot, booked);
  const { proposal } = input;
  const free = proposal?.free.filter(apart) ?? [];
  const slots = proposal && (proposal.slots.every(apart) ? proposal.slots : spreadOffer({ slots: free, count: OFFER_SIZE, timeZone: input.prospectZone }));
  return { ...input, hostFree: input.hostFree.filter(apart), proposal: proposal && { ...proposal, free, slots: slots! } };
}

/**
 * A question asked alongside a time still gets its answer (from the FAQ) or the promise that
 * the rep covers it: inside the offer, or in a reply after the booking.
 */
function withQuestion(result: StepResult, event: Extract<TurnEvent, { kind: 'message' }>): StepResult {
  const question = event.understanding.question;
  if (!question || event.understanding.intent === 'question') return result;
  const answer = event.faqAnswer;
  const effects = result.effects.map((effect) =>
    effect.kind === 'offer' && effect.answer === null && effect.deferredQuestion === null
      ? { ...effect, answer, deferredQuestion: answer ? null : question }
      : effect,
  );
  if (effects.some((effect) => effect.kind === 'book' || effect.kind === 'move')) {
    effects.push({ kind: 'reply', template: answer ? 'question_answered' : 'question_deferred', answer, question });
  }
  return { ...result, effects };
}

function stepMessage(input: StepInput): StepResult {
  const { state, event } = input;
  if (event.kind !== 'message') return { state, effects: [] };
  const understanding = event.understanding;
  if (state.status === 'handed_off') return forward(state, 'the conversation is with a person');
  if (state.status === 'declined' || state.status === 'unsubscribed') {
    return forward(state, `the prospect ${state.status} earlier and wrote again`);
  }
  if (!event.trusted) return untrusted(state, event.untrustedToPerson === true);
  switch (understanding.intent) {
    case 'unsubscribe':
      return unsubscribe(state);
    case 'human':
      return handOff(state, 'the prospect asked for a person');
    case 'decline':
      return state.booking ? cancel(state) : decline(state);
    case 'redirect':
      return redirect(input, understanding);
    case 'question':
      if (understanding.times.length === 0) return answerQuestion(input);
  }
  switch (state.status) {
    case 'booked':
      return stepBooked(input, understanding);
    case 'rescheduling':
      return stepScheduling(input, understanding, 'move');
    default:
      return stepScheduling(input, understanding, 'book');
  }
}

/** new, offered, stalled, cancelled and rescheduling: the prospect is choosing a time. */
function stepScheduling(input: StepInput, understanding: Understanding, action: 'book' | 'move'): StepResult {
  const { state } = input;
  const fresh: OfferReason = state.status === 'new' ? 'first_contact' : action === 'move' ? 'reschedule' : 'requested';
  switch (understanding.intent) {
    case 'cancel':
      return state.booking ? cancel(state) : decline(state);
    case 'request_times':
    case 'reschedule':
      if (understanding.times.length === 0) return offerFresh(state, input, fresh);
      return choose(input, understanding, action, fresh);
    case 'pick':
    case 'propose':
    case 'question':
      return choose(input, understanding, action, fresh);
    default:
      if (state.status === 'new') return offerFresh(state, input, 'first_contact');
      if (state.status === 'cancelled') return forward(state, 'message after a cancellation');
      return unclear(state, input);
  }
}

function choose(input: StepInput, understanding: Understanding, action: 'book' | 'move', fresh: OfferReason): StepResult {
  const { state } = input;
  const chosen = chosenSlot(state.offered, understanding, input.hostFree);
  if (chosen === 'taken') return offerFresh(state, input, 'slot_taken');
  if (chosen) return action === 'move' && state.booking ? move(state, chosen) : book(state, input, chosen);
  const wanted = understanding.times[0];
  if (wanted) {
    // "Could we talk next week?", "Thursday afternoon": the free times inside the window they named,
    // those nobody else holds first; a window they named is worth more than another lead's hold.
    const unheld = slotsWithin(offerable(state, input), wanted);
    const inside = unheld.length > 0 ? unheld : slotsWithin(input.hostFree, wanted);
    if (inside.length > 0) return offerSpread(state, input, inside, fresh);
    return offerNearest(state, input, wanted);
  }
  if (state.status === 'new' || (understanding.choice === null && understanding.intent !== 'pick')) {
    return offerFresh(state, input, fresh);
  }
  return unclear(state, input);
}

function stepBooked(input: StepInput, understanding: Understanding): StepResult {
  const { state } = input;
  switch (understanding.intent) {
    case 'cancel':
      return cancel(state);
    case 'reschedule':
    case 'request_times':
    case 'propose':
      return stepScheduling({ ...input, state: { ...state, status: 'rescheduling', offered: [] } }, understanding, 'move');
    default:
      // "Thanks, see you then": nothing to answer, but a person sees anything the agent could not place.
      return forward(state, 'message after booking');
  }
}

function onSilence(input: StepInput): StepResult {
  const { state, now } = input;
  const due = state.followUp.dueAt !== null && state.followUp.dueAt <= now;
  if (!due) return { state, effects: [] };
  if (state.status !== 'offered') return { state: { ...state, followUp: { ...state.followUp, dueAt: null } }, effects: [] };
  if (state.followUp.sent) return { state: { ...state, status: 'stalled', followUp: { dueAt: null, sent: true } }, effects: [] };
  const result = offerFresh(state, input, 'follow_up');
  if (result.state.status !== 'offered') return { state: { ...state, followUp: { dueAt: null, sent: true } }, effects: [] };
  return { ...result, state: { ...result.state, followUp: { ...result.state.followUp, sent: true } } };
}

/**
 * The booking lost a race (the slot was taken between the read and the write): the prospect
 * gets fresh times instead of a confirmation.
 */
export function stepAfterSlotTaken(raw: Omit<StepInput, 'event'>): StepResult {
  const input = withoutBookedTime(raw);
  return offerFresh(input.state, input, 'slot_taken');
}

function book(state: ConversationState, input: StepInput, slot: Interval): StepResult {
  const hostIds = state.hostIds.length > 0 ? state.hostIds : (input.proposal?.hostIds ?? []);
  if (hostIds.length === 0) return handOff(state, 'no host to book with');
  return {
    state: { ...state, status: 'booked', hostIds, unclearCount: 0, followUp: { dueAt: null, sent: false } },
    effects: [{ kind: 'book', hostIds, slot, attendee: state.attendee }],
  };
}

function move(state: ConversationState, slot: Interval): StepResult {
  const booking = state.booking!;
  const hostIds = state.hostIds.length > 0 ? state.hostIds : booking.hostIds;
  return {
    state: {
      ...state,
      status: 'booked',
      hostIds,
      unclearCount: 0,
      booking: { ...booking, start: slot.start, end: slot.end, hostIds, sequence: booking.sequence + 1 },
      followUp: { dueAt: null, sent: false },
    },
    effects: [{ kind: 'move', booking, slot, hostIds }],
  };
}

function cancel(state: ConversationState): StepResult {
  if (!state.booking) return decline(state);
  return {
    state: { ...state, status: 'cancelled', booking: null, offered: [], followUp: { dueAt: null, sent: false } },
    effects: [{ kind: 'cancel', booking: state.booking }],
  };
}

type OfferExtra = Partial<Pick<Extract<Effect, { kind: 'offer' }>, 'answer' | 'deferredQuestion'>>;

/**
 * Fresh times from the proposal. Asked for other times (or nudging), the spread is made again
 * over every free slot not offered before, so "none of these work" never gets the same times.
 * With nothing offered before, that spread is the proposal's own (made from the same free slots,
 * count and zone), so it is used as is.
 */
function offerFresh(
  state: ConversationState,
  input: Pick<StepInput, 'proposal' | 'now' | 'followUpAfterMs' | 'prospectZone'>,
  reason: OfferReason,
  extra: OfferExtra = {},
): StepResult {
  const { proposal } = input;
  if (!proposal || proposal.slots.length === 0) return handOff(state, 'no free slot within the horizon');
  const slots = reason === 'first_contact' || state.offered.length === 0 ? proposal.slots : unseenSpread(state, proposal, input.prospectZone);
  return offer(state, input, { hostIds: proposal.hostIds, slots, reason, ...extra });
}

/** A spread of the proposal's free slots not offered before; the proposal's own spread when every one was. */
function unseenSpread(state: ConversationState, proposal: Proposal, prospectZone: string): Interval[] {
  const previously = new Set(state.offered.map((offer) => offer.start));
  const unseen = proposal.free.filter((slot) => !previously.has(slot.start));
  return unseen.length === 0 ? proposal.slots : spreadOffer({ slots: unseen, count: OFFER_SIZE, timeZone: prospectZone });
}

/** A spread of the given free slots of the conversation's (or the proposed) hosts. */
function offerSpread(state: ConversationState, input: StepInput, free: readonly Interval[], reason: OfferReason): StepResult {
  const hostIds = state.hostIds.length > 0 ? state.hostIds : input.proposal?.hostIds;
  if (!hostIds || hostIds.length === 0) return offerFresh(state, input, reason);
  const slots = spreadOffer({ slots: free, count: OFFER_SIZE, timeZone: input.prospectZone });
  return offer(state, input, { hostIds, slots, reason });
}

/** The prospect named a time we cannot give them: offer the free slots closest to it. */
function offerNearest(state: ConversationState, input: StepInput, wanted: Interval): StepResult {
  const hostIds = state.hostIds.length > 0 ? state.hostIds : input.proposal?.hostIds;
  if (input.hostFree.length === 0 || !hostIds || hostIds.length === 0) return offerFresh(state, input, 'no_fit');
  const unheld = offerable(state, input);
  return offer(state, input, { hostIds, slots: nearestSlots(unheld.length > 0 ? unheld : input.hostFree, wanted, OFFER_SIZE), reason: 'no_fit' });
}

/**
 * The free times worth offering with the conversation's hosts: the proposal's (around the times
 * held for other leads) when it is for those hosts, else every free one.
 */
function offerable(state: ConversationState, input: Pick<StepInput, 'proposal' | 'hostFree'>): readonly Interval[] {
  const { proposal } = input;
  const sameHosts = proposal !== null && (state.hostIds.length === 0 || sameHostSet(proposal.hostIds, state.hostIds));
  return sameHosts ? proposal.free : input.hostFree;
}

function sameHostSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

function unclear(state: ConversationState, input: StepInput): StepResult {
  const unclearCount = state.unclearCount + 1;
  if (unclearCount >= UNCLEAR_LIMIT) return handOff(state, 'could not understand the prospect twice');
  const next = { ...state, unclearCount };
  const stillFree = currentOfferIfFree(state, input.hostFree);
  if (stillFree) {
    // "The secnod on": the engine's guess is asked back, not booked; only an offered time can be guessed.
    const { understanding } = input.event.kind === 'message' ? input.event : { understanding: null };
    const guessed = understanding?.intent === 'unclear' ? understanding.choice : null;
    const guess = stillFree.some((time) => time.position === guessed) ? guessed : null;
    return offer(next, input, { hostIds: state.hostIds, slots: stillFree, reason: 'unclear', guess, keepCount: true });
  }
  return offerFresh(next, input, 'unclear');
}

/** The times offered last, when there are some and every one of them is still free; else null. */
function currentOfferIfFree(state: ConversationState, hostFree: readonly Interval[]): OfferedTime[] | null {
  const stillFree = state.offered.filter((offered) => isStillFree(hostFree, offered));
  return stillFree.length > 0 && stillFree.length === state.offered.length ? stillFree : null;
}

function answerQuestion(input: StepInput): StepResult {
  const { state, event } = input;
  if (event.kind !== 'message') return { state, effects: [] };
  const answer = event.faqAnswer;
  const question = event.understanding.question;
  if (state.status === 'booked' || state.status === 'rescheduling') {
    return {
      state,
      effects: [{ kind: 'reply', template: answer ? 'question_answered' : 'question_deferred', answer, question }],
    };
  }
  const extra = { answer, deferredQuestion: answer ? null : question };
  const stillFree = currentOfferIfFree(state, input.hostFree);
  if (state.status === 'offered' && stillFree) {
    return offer(state, input, { hostIds: state.hostIds, slots: stillFree, reason: 'requested', ...extra });
  }
  return offerFresh(state, input, state.status === 'new' ? 'first_contact' : 'requested', extra);
}

function redirect(input: StepInput, understanding: Understanding): StepResult {
  const { state } = input;
  const person = understanding.people.find((candidate): candidate is Person => candidate.email !== null);
  if (!person || state.booking) return handOff(state, 'the prospect pointed to someone else');
  const next = { ...state, attendee: person };
  return offerFresh(next, input, state.status === 'new' ? 'first_contact' : 'requested');
}

function offer(
  state: ConversationState,
  input: Pick<StepInput, 'now' | 'followUpAfterMs'>,
  spec: { hostIds: string[]; slots: readonly Interval[]; reason: OfferReason; answer?: string | null; deferredQuestion?: string | null; guess?: number | null; keepCount?: boolean },
): StepResult {
  const offered = spec.slots.map((slot, index) => ({ position: index + 1, start: slot.start, end: slot.end }));
  return {
    state: {
      ...state,
      // With a meeting still booked, new times are a reschedule: a pick moves it.
      status: state.booking ? 'rescheduling' : 'offered',
      hostIds: spec.hostIds,
      offered,
      unclearCount: spec.keepCount || spec.reason === 'unclear' ? state.unclearCount : 0,
      followUp: { dueAt: input.followUpAfterMs === null ? null : input.now + input.followUpAfterMs, sent: false },
    },
    effects: [
      {
        kind: 'offer',
        hostIds: spec.hostIds,
        slots: offered,
        reason: spec.reason,
        answer: spec.answer ?? null,
        deferredQuestion: spec.deferredQuestion ?? null,
        guess: spec.guess ?? null,
      },
    ],
  };
}

function decline(state: ConversationState): StepResult {
  return {
    state: { ...state, status: 'declined', followUp: { dueAt: null, sent: false } },
    effects: [{ kind: 'reply', template: 'decline', answer: null, question: null }],
  };
}

function unsubscribe(state: ConversationState): StepResult {
  const effects: Effect[] = [{ kind: 'suppress' }, { kind: 'reply', template: 'unsubscribed', answer: null, question: null }];
  if (state.booking) effects.push({ kind: 'hand_to_human', reason: 'unsubscribed with a meeting booked', tellProspect: false });
  return { state: { ...state, status: 'unsubscribed', followUp: { dueAt: null, sent: false } }, effects };
}

function handOff(state: ConversationState, reason: string): StepResult {
  return { state: withPerson(state), effects: [{ kind: 'hand_to_human', reason, tellProspect: true }] };
}

/**
 * Mail that fails authentication may not be from the prospect at all: no answer goes to the
 * address it claims (it would be backscatter to the person spoofed), nothing is booked, moved or
 * cancelled; the owner gets it to judge. `hand_to_human` campaigns also give the owner the
 * thread; otherwise the agent goes on with the prospect's authenticated mail.
 */
function untrusted(state: ConversationState, toPerson: boolean): StepResult {
  const reason = 'the sender failed authentication (DMARC, or SPF with no aligned DKIM): check it is really them before answering';
  if (toPerson) return { state: withPerson(state), effects: [{ kind: 'hand_to_human', reason, tellProspect: false }] };
  return forward(state, reason);
}

/** A person has the lead now: the agent sends no more follow-ups; a booked meeting stays booked. */
export function withPerson(state: ConversationState): ConversationState {
  return { ...state, status: state.booking ? state.status : 'handed_off', followUp: { dueAt: null, sent: false } };
}

/** The agent stays silent; the owner gets the message. */
function forward(state: ConversationState, reason: string): StepResult {
  return { state, effects: [{ kind: 'hand_to_human', reason, tellProspect: false }] };
}

import type { Interval } from './interval.js';
import type { OfferedTime, Understanding } from './understanding.js';

export type ConversationStatus =
  | 'new'
  | 'offered'
  | 'booked'
  | 'rescheduling'
  | 'cancelled'
  | 'declined'
  | 'unsubscribed'
  | 'handed_off'
  | 'stalled';

export interface Person {
  name: string | null;
  email: string;
}

export interface BookedMeeting {
  uid: string;
  start: number;
  end: number;
  hostIds: string[];
  sequence: number;
}

export interface ConversationState {
  status: ConversationStatus;
  /** The host set of the current offer or booking: one rep, or several (collective, fixed + rotating). */
  hostIds: string[];
  offered: OfferedTime[];
  /** Messages in a row the agent could not read; the second one goes to a person. */
  unclearCount: number;
  booking: BookedMeeting | null;
  /** Who is invited when it is not the lead ("set it up with my colleague jane@..."). */
  attendee: Person | null;
  /** Also invited to the booked meeting: a colleague in the thread who made the pick. */
  guests: Person[];
  /** One nudge after silence: when it is due, and whether it went out. */
  followUp: { dueAt: number | null; sent: boolean };
}

export const INITIAL_STATE: ConversationState = {
  status: 'new',
  hostIds: [],
  offered: [],
  unclearCount: 0,
  booking: null,
  attendee: null,
  guests: [],
  followUp: { dueAt: null, sent: false },
};

/** How many times one offer holds. */
export const OFFER_SIZE = 3;

/**
 * A fresh offer computed from the calendars: the hosts, every free slot worth offering (none held
 * for another lead, while the team has time to spare), and their spread (OFFER_SIZE of them,
 * judged in the prospect's zone) to offer.
 */
export interface Proposal {
  hostIds: string[];
  slots: Interval[];
  free: Interval[];
}

export type OfferReason =
  | 'first_contact'
  | 'requested'
  | 'unclear'
  | 'slot_taken'
  | 'no_fit'
  | 'follow_up'
  | 'reschedule';

/** What the pipeline must do, in order. Effects are data; the step never performs them. */
export type Effect =
  | {
      kind: 'offer';
      hostIds: string[];
      slots: OfferedTime[];
      reason: OfferReason;
      /** An answer from the campaign FAQ, or a question the rep will cover, said before the times. */
      answer: string | null;
      deferredQuestion: string | null;
      /** The position the prospect most likely meant, asked back when they were not understood for sure. */
      guess: number | null;
    }
  | { kind: 'book'; hostIds: string[]; slot: Interval; attendee: Person | null }
  /** `hostIds` differ from the booking's when the campaign lets a reschedule go to another rep. */
  | { kind: 'move'; booking: BookedMeeting; slot: Interval; hostIds: string[] }
  | { kind: 'cancel'; booking: BookedMeeting }
  | { kind: 'reply'; template: 'decline' | 'unsubscribed' | 'question_answered' | 'question_deferred'; answer: string | null; question: string | null }
  /** Remember forever that this address on this campaign wants no more mail. */
  | { kind: 'suppress' }
  /** `tellProspect`: whether the prospect hears that a person will answer (not again once they did). */
  | { kind: 'hand_to_human'; reason: string; tellProspect: boolean };

/** What happened: a message from the prospect, or their silence past the follow-up time. */
export type TurnEvent =
  | {
      kind: 'message';
      understanding: Understanding;
      /** The campaign FAQ's answer to `understanding.question`, found by the code; null if none. */
      faqAnswer: string | null;
      /** False when the sender failed authentication: such a message never creates, moves or cancels a booking. */
      trusted: boolean;
      /** An untrusted message goes to a person whatever it asks (the campaign's `hand_to_human`), not only a booking. */
      untrustedToPerson?: boolean;
    }
  | { kind: 'silence' };

export interface StepInput {
  state: ConversationState;
  event: TurnEvent;
  now: number;
  /**
   * A fresh offer the code computed from the calendars (routing done, spread applied to `free`),
   * or null when nobody on the campaign has a free slot in the horizon.
   */
  proposal: Proposal | null;
  /** The prospect's zone: new spreads (other times, a window they named) are judged in it. */
  prospectZone: string;
  /** Every free slot of the conversation's current host set, read fresh for this step. */
  hostFree: readonly Interval[];
  /** Milliseconds of silence before the one nudge; null = no nudge. */
  followUpAfterMs: number | null;
}

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}

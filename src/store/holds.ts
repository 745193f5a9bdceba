import type { Hold } from '../core/holds.js';
import type { Interval } from '../core/interval.js';

/** Offered times held for the lead they were offered to (core/holds.ts). */
export interface Holds {
  /** The conversation's holds become these times (in the offer's order), until `expiresAt`. */
  replace(conversationId: number, hold: { hostIds: readonly string[]; slots: readonly Interval[]; heldAt: number; expiresAt: number }): Promise<void>;
  /**
   * Times a turn is about to offer, held until its commit (or `expiresAt`, if it never
   * commits), so turns deciding meanwhile offer around them.
   */
  reserve(conversationId: number, hold: { hostIds: readonly string[]; slots: readonly Interval[]; heldAt: number; expiresAt: number }): Promise<void>;
  /** The turn offered nothing after all: its reserved times are free to offer again. */
  dropReserved(conversationId: number): Promise<void>;
  /** The conversation holds nothing any more (a pick, a decline, the end of its offer). */
  release(conversationId: number): Promise<void>;
  /**
   * Inside a transaction: until it ends, other transactions taking a turn on any of these hosts
   * wait, so reading their holds and reserving times is one step across nodes. (SQLite's write
   * lock, taken at BEGIN, makes every transaction one already.)
   */
  takeTurn(hostIds: readonly string[]): Promise<void>;
  /** Holds not yet expired at `now` on any of these hosts, other than the conversation's own. */
  active(input: { hostIds: readonly string[]; now: number; exceptConversation: number | null }): Promise<Hold[]>;
  /** Times held at `now`, for /metrics. */
  count(now: number): Promise<number>;
  /** Removes holds that ended before `now`; returns how many. */
  sweep(now: number): Promise<number>;
  /** Committed holds (not reservations) on `hostId` not yet expired at `now`: what its calendar should show. */
  committed(hostId: string, now: number): Promise<Hold[]>;
  /** The hold events on `hostId`'s calendar, as last written. */
  eventsOn(hostId: string): Promise<HoldEvent[]>;
  /** A hold event was written to the rep's calendar. */
  eventWritten(event: HoldEvent, now: number): Promise<void>;
  /** A hold event was removed from the rep's calendar. */
  eventRemoved(uid: string): Promise<void>;
}

/** A hold as a tentative event on one rep's calendar (calendar.write_holds). */
export interface HoldEvent extends Interval {
  uid: string;
  hostId: string;
  conversationId: number;
}

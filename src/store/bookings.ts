import type { Interval } from '../core/interval.js';
import type { BookingRecord } from '../core/host-limits.js';

export interface NewBooking {
  uid: string;
  leadId: number;
  conversationId: number;
  campaign: string;
  /** The organiser first; collective and fixed + rotating meetings have several hosts. */
  hostIds: string[];
  attendeeEmail: string;
  slot: Interval;
}

export type BookingVerdict = { ok: true; id: number } | { ok: false; reason: 'slot_taken' };

export interface Bookings {
  /**
   * Inserts the booking unless one of its hosts already has a confirmed booking overlapping
   * it. Must run inside a write transaction so two racing prospects cannot both win. The same
   * uid again is the same booking (a retried message), not a clash.
   */
  insertIfFree(booking: NewBooking, now: number): Promise<BookingVerdict>;
  /**
   * Moves a booking to a new slot (and, when the campaign allows it, to other hosts) unless
   * that clashes with another booking of those hosts. Moving to where it already is succeeds.
   */
  moveIfFree(uid: string, slot: Interval, hostIds: readonly string[], now: number): Promise<BookingVerdict>;
  cancel(uid: string, now: number): Promise<void>;
  idOf(uid: string): Promise<number | null>;
  /** Gives a booking back when its calendar event could not be written. */
  release(uid: string): Promise<void>;
  /**
   * What routing needs per host: meetings booked since `bookedSince` (fairness) and meetings
   * starting in [startFrom, startTo) (busy time and caps), one record per host of a meeting.
   */
  forRouting(hostIds: readonly string[], window: {
    bookedSince: number;
    startFrom: number;
    startTo: number;
  }, excludeUids?: readonly string[]): Promise<BookingRecord[]>;
}

import type { Db } from './database.js';
import { iso } from './database.js';
import type { Interval } from '../core/interval.js';

export interface NewBooking {
  uid: string;
  leadId: number;
  conversationId: number;
  campaign: string;
  hostId: string;
  attendeeEmail: string;
  slot: Interval;
}

export type BookingVerdict = { ok: true; id: number } | { ok: false; reason: 'slot_taken' };

export interface HostLoad {
  bookingsInWindow: number;
  lastBookedAt: number | null;
}

export function createBookings(db: Db) {
  const clash = db.prepare(`SELECT id FROM bookings
    WHERE host_id = ? AND status = 'confirmed' AND start_at < ? AND end_at > ? LIMIT 1`);
  const insert = db.prepare(`INSERT INTO bookings
    (uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status, created_at, updated_at)
    VALUES (@uid, @leadId, @conversationId, @campaign, @hostId, @attendeeEmail, @start, @end, 'confirmed', @now, @now)`);
  const busy = db.prepare(`SELECT start_at, end_at FROM bookings
    WHERE host_id = ? AND status = 'confirmed' AND start_at < ? AND end_at > ?`);
  const load = db.prepare(`SELECT count(*) AS n, max(created_at) AS last FROM bookings
    WHERE host_id = ? AND status = 'confirmed' AND created_at >= ?`);

  return {
    /**
     * Inserts the booking unless the host already has a confirmed booking overlapping it.
     * Must run inside a write transaction so two racing prospects cannot both win. The same uid
     * again is the same booking (a retried message), not a clash.
     */
    insertIfFree(booking: NewBooking, now: number): BookingVerdict {
      const existing = db.prepare(`SELECT id FROM bookings WHERE uid = ?`).get(booking.uid) as { id: number } | undefined;
      if (existing) return { ok: true, id: existing.id };
      const start = iso(booking.slot.start);
      const end = iso(booking.slot.end);
      if (clash.get(booking.hostId, end, start)) return { ok: false, reason: 'slot_taken' };
      const result = insert.run({
        uid: booking.uid,
        leadId: booking.leadId,
        conversationId: booking.conversationId,
        campaign: booking.campaign,
        hostId: booking.hostId,
        attendeeEmail: booking.attendeeEmail,
        start,
        end,
        now: iso(now),
      });
      return { ok: true, id: Number(result.lastInsertRowid) };
    },

    /** The service's own confirmed meetings for a host: busy time on top of the calendar's. */
    busy(hostId: string, window: Interval): Interval[] {
      const rows = busy.all(hostId, iso(window.end), iso(window.start)) as Array<{ start_at: string; end_at: string }>;
      return rows.map((row) => ({ start: Date.parse(row.start_at), end: Date.parse(row.end_at) }));
    },

    load(hostId: string, since: number): HostLoad {
      const row = load.get(hostId, iso(since)) as { n: number; last: string | null };
      return { bookingsInWindow: row.n, lastBookedAt: row.last ? Date.parse(row.last) : null };
    },
  };
}

export type Bookings = ReturnType<typeof createBookings>;

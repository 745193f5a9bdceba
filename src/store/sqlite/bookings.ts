import type { Db } from './database.js';
import type { Interval } from '../../core/interval.js';
import type { BookingRecord } from '../../core/host-limits.js';
import type { NewBooking, BookingVerdict, Bookings } from '../bookings.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { ROUTING_COLUMNS, bookingRecord, sameHosts, type RoutingRow } from '../rows/bookings.js';

export function createBookings(db: Db): Synchronous<Bookings> {
  const byUid = db.prepare(`SELECT id FROM bookings WHERE uid = ?`);
  const clash = db.prepare(`SELECT booking_id FROM booking_hosts
    WHERE host_id = ? AND status = 'confirmed' AND start_at < ? AND end_at > ? AND booking_id != ? LIMIT 1`);
  const insert = db.prepare(`INSERT INTO bookings
    (uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status, created_at, updated_at)
    VALUES (@uid, @leadId, @conversationId, @campaign, @hostId, @attendeeEmail, @start, @end, 'confirmed', @now, @now)`);
  const insertHost = db.prepare(`INSERT INTO booking_hosts (booking_id, host_id, start_at, end_at, status)
    VALUES (?, ?, ?, ?, 'confirmed')`);
  const byUidForMove = db.prepare(`SELECT id, start_at FROM bookings WHERE uid = ?`);
  const hostsOf = db.prepare(`SELECT host_id FROM booking_hosts WHERE booking_id = ? ORDER BY rowid`).pluck();
  const move = db.prepare(`UPDATE bookings SET start_at = ?, end_at = ?, host_id = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?`);
  const deleteHosts = db.prepare(`DELETE FROM booking_hosts WHERE booking_id = ?`);
  const cancel = db.prepare(`UPDATE bookings SET status = 'cancelled', sequence = sequence + 1, cancelled_at = ?, updated_at = ?
    WHERE id = ? AND status = 'confirmed'`);
  const cancelHosts = db.prepare(`UPDATE booking_hosts SET status = 'cancelled' WHERE booking_id = ?`);
  const deleteBooking = db.prepare(`DELETE FROM bookings WHERE id = ?`);

  function clashes(hostIds: readonly string[], slot: Interval, selfId: number): boolean {
    return hostIds.some((hostId) => clash.get(hostId, iso(slot.end), iso(slot.start), selfId) !== undefined);
  }

  return {
    insertIfFree(booking: NewBooking, now: number): BookingVerdict {
      const existing = byUid.get(booking.uid) as { id: number } | undefined;
      if (existing) return { ok: true, id: existing.id };
      if (clashes(booking.hostIds, booking.slot, -1)) return { ok: false, reason: 'slot_taken' };
      const start = iso(booking.slot.start);
      const end = iso(booking.slot.end);
      const id = Number(
        insert.run({ ...booking, hostId: booking.hostIds[0]!, start, end, now: iso(now) }).lastInsertRowid,
      );
      for (const hostId of booking.hostIds) insertHost.run(id, hostId, start, end);
      return { ok: true, id };
    },

    moveIfFree(uid: string, slot: Interval, hostIds: readonly string[], now: number): BookingVerdict {
      const row = byUidForMove.get(uid) as { id: number; start_at: string } | undefined;
      if (!row) return { ok: false, reason: 'slot_taken' };
      const current = hostsOf.all(row.id) as string[];
      if (row.start_at === iso(slot.start) && sameHosts(current, hostIds)) return { ok: true, id: row.id };
      if (clashes(hostIds, slot, row.id)) return { ok: false, reason: 'slot_taken' };
      const start = iso(slot.start);
      const end = iso(slot.end);
      move.run(start, end, hostIds[0]!, iso(now), row.id);
      deleteHosts.run(row.id);
      for (const hostId of hostIds) insertHost.run(row.id, hostId, start, end);
      return { ok: true, id: row.id };
    },

    cancel(uid: string, now: number): void {
      const row = byUid.get(uid) as { id: number } | undefined;
      if (!row) return;
      cancel.run(iso(now), iso(now), row.id);
      cancelHosts.run(row.id);
    },

    idOf(uid: string): number | null {
      return (byUid.get(uid) as { id: number } | undefined)?.id ?? null;
    },

    release(uid: string): void {
      const row = byUid.get(uid) as { id: number } | undefined;
      if (!row) return;
      deleteHosts.run(row.id);
      deleteBooking.run(row.id);
    },

    forRouting(
      hostIds: readonly string[],
      window: { bookedSince: number; startFrom: number; startTo: number },
      excludeUids: readonly string[] = [],
    ): BookingRecord[] {
      if (hostIds.length === 0) return [];
      const rows = db
        .prepare(`SELECT ${ROUTING_COLUMNS} FROM booking_hosts h
          JOIN bookings b ON b.id = h.booking_id
          WHERE h.host_id IN (${hostIds.map(() => '?').join(',')}) AND (b.created_at >= ? OR (h.start_at >= ? AND h.start_at < ?))
          AND b.uid NOT IN (${excludeUids.map(() => '?').join(',')})`)
        .all(...hostIds, iso(window.bookedSince), iso(window.startFrom), iso(window.startTo), ...excludeUids) as RoutingRow[];
      return rows.map(bookingRecord);
    },
  };
}

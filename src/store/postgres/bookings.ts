import pg from 'pg';
import type { Session } from './session.js';
import type { Interval } from '../../core/interval.js';
import type { BookingRecord } from '../../core/host-limits.js';
import type { NewBooking, BookingVerdict, Bookings } from '../bookings.js';
import { iso } from '../rows/iso.js';
import { ROUTING_COLUMNS, bookingRecord, sameHosts, type RoutingRow } from '../rows/bookings.js';

const TAKEN: BookingVerdict = { ok: false, reason: 'slot_taken' };

function violates(error: unknown, code: string, constraint: string): boolean {
  return error instanceof pg.DatabaseError && error.code === code && error.constraint === constraint;
}

export function createPostgresBookings(session: Session): Bookings {
  async function idOf(uid: string): Promise<number | null> {
    const { rows } = await session.query<{ id: number }>(`SELECT id FROM bookings WHERE uid = $1`, [uid]);
    return rows[0]?.id ?? null;
  }

  /**
   * Bookings of the same hosts take turns, until the caller's transaction ends: without turns,
   * two nodes inserting overlapping rows at once may each wait on the other's in the constraint
   * check, and the deadlock detector then fails one of them after a second. Hosts are taken in
   * name order, so a meeting of alice and bob never waits in a circle with one of bob and alice.
   */
  async function takeTurn(hostIds: readonly string[]): Promise<void> {
    await session.query(
      `SELECT pg_advisory_xact_lock(hashtext('campaign-agent bookings'), hashtext(host)) FROM unnest($1::text[]) AS host`,
      [[...new Set(hostIds)].sort()],
    );
  }

  async function clashes(hostIds: readonly string[], slot: Interval, selfId: number): Promise<boolean> {
    const { rowCount } = await session.query(
      `SELECT 1 FROM booking_hosts WHERE host_id = ANY($1::text[]) AND status = 'confirmed'
       AND start_at < $2 AND end_at > $3 AND booking_id != $4 LIMIT 1`,
      [hostIds, iso(slot.end), iso(slot.start), selfId],
    );
    return (rowCount ?? 0) > 0;
  }

  async function insertHosts(bookingId: number, hostIds: readonly string[], slot: Interval): Promise<void> {
    // In the given order: rowid keeps the organiser first.
    await session.query(
      `INSERT INTO booking_hosts (booking_id, host_id, start_at, end_at, status)
       SELECT $1, host, $3, $4, 'confirmed' FROM unnest($2::text[]) WITH ORDINALITY AS h(host, n) ORDER BY n`,
      [bookingId, hostIds, iso(slot.start), iso(slot.end)],
    );
  }

  /**
   * The write in a savepoint of its own: the constraint, not the clash check (which sees only
   * what has committed), is what keeps a host from being booked twice whoever writes, and its
   * violation must leave the caller's transaction usable.
   */
  async function unlessTaken(write: () => Promise<BookingVerdict>): Promise<BookingVerdict> {
    try {
      return await session.transaction(write);
    } catch (error) {
      if (violates(error, '23P01', 'booking_hosts_no_overlap')) return TAKEN;
      throw error;
    }
  }

  return {
    insertIfFree(booking: NewBooking, now: number): Promise<BookingVerdict> {
      return session.transaction(async () => {
        await takeTurn(booking.hostIds);
        const existing = await idOf(booking.uid);
        if (existing !== null) return { ok: true, id: existing };
        if (await clashes(booking.hostIds, booking.slot, -1)) return TAKEN;
        try {
          return await unlessTaken(async () => {
            const { rows } = await session.query<{ id: number }>(
              `INSERT INTO bookings
                 (uid, lead_id, conversation_id, campaign, host_id, attendee_email, start_at, end_at, status, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'confirmed', $9, $9) RETURNING id`,
              [
                booking.uid,
                booking.leadId,
                booking.conversationId,
                booking.campaign,
                booking.hostIds[0]!,
                booking.attendeeEmail,
                iso(booking.slot.start),
                iso(booking.slot.end),
                iso(now),
              ],
            );
            const id = rows[0]!.id;
            await insertHosts(id, booking.hostIds, booking.slot);
            return { ok: true, id };
          });
        } catch (error) {
          // The same message booked on another node meanwhile, with other hosts: its booking is this one.
          if (!violates(error, '23505', 'bookings_uid_key')) throw error;
          return { ok: true, id: (await idOf(booking.uid))! };
        }
      });
    },

    moveIfFree(uid: string, slot: Interval, hostIds: readonly string[], now: number): Promise<BookingVerdict> {
      return session.transaction(async () => {
        await takeTurn(hostIds);
        const { rows } = await session.query<{ id: number; start_at: string }>(`SELECT id, start_at FROM bookings WHERE uid = $1`, [uid]);
        const row = rows[0];
        if (!row) return TAKEN;
        const current = (
          await session.query<{ host_id: string }>(`SELECT host_id FROM booking_hosts WHERE booking_id = $1 ORDER BY rowid`, [row.id])
        ).rows.map((host) => host.host_id);
        if (row.start_at === iso(slot.start) && sameHosts(current, hostIds)) return { ok: true, id: row.id };
        if (await clashes(hostIds, slot, row.id)) return TAKEN;
        return unlessTaken(async () => {
          await session.query(
            `UPDATE bookings SET start_at = $1, end_at = $2, host_id = $3, sequence = sequence + 1, updated_at = $4 WHERE id = $5`,
            [iso(slot.start), iso(slot.end), hostIds[0]!, iso(now), row.id],
          );
          await session.query(`DELETE FROM booking_hosts WHERE booking_id = $1`, [row.id]);
          await insertHosts(row.id, hostIds, slot);
          return { ok: true, id: row.id };
        });
      });
    },

    async cancel(uid: string, now: number): Promise<void> {
      await session.transaction(async () => {
        const id = await idOf(uid);
        if (id === null) return;
        await session.query(
          `UPDATE bookings SET status = 'cancelled', sequence = sequence + 1, cancelled_at = $1, updated_at = $1
           WHERE id = $2 AND status = 'confirmed'`,
          [iso(now), id],
        );
        await session.query(`UPDATE booking_hosts SET status = 'cancelled' WHERE booking_id = $1`, [id]);
      });
    },

    idOf,

    async release(uid: string): Promise<void> {
      await session.transaction(async () => {
        const id = await idOf(uid);
        if (id === null) return;
        await session.query(`DELETE FROM booking_hosts WHERE booking_id = $1`, [id]);
        await session.query(`DELETE FROM bookings WHERE id = $1`, [id]);
      });
    },

    async forRouting(
      hostIds: readonly string[],
      window: { bookedSince: number; startFrom: number; startTo: number },
      excludeUids: readonly string[] = [],
    ): Promise<BookingRecord[]> {
      if (hostIds.length === 0) return [];
      const { rows } = await session.query<RoutingRow>(
        `SELECT ${ROUTING_COLUMNS} FROM booking_hosts h
         JOIN bookings b ON b.id = h.booking_id
         WHERE h.host_id = ANY($1::text[]) AND (b.created_at >= $2 OR (h.start_at >= $3 AND h.start_at < $4))
         AND b.uid != ALL($5::text[])
         ORDER BY h.rowid`,
        [hostIds, iso(window.bookedSince), iso(window.startFrom), iso(window.startTo), excludeUids],
      );
      return rows.map(bookingRecord);
    },
  };
}

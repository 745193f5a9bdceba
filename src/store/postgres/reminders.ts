import type { Session } from './session.js';
import type { Reminders, UpcomingMeeting } from '../reminders.js';
import { iso } from '../rows/iso.js';
import { upcomingMeeting, type UpcomingRow } from '../rows/reminders.js';

export function createPostgresReminders(session: Session): Reminders {
  return {
    async upcoming(now, until): Promise<UpcomingMeeting[]> {
      // The other hosts in byte order of their ids, as SQLite reads them off its primary key.
      const { rows } = await session.query<UpcomingRow>(`SELECT b.id, b.uid, b.sequence, b.conversation_id, b.lead_id, b.campaign, b.host_id,
          b.start_at, b.end_at, b.updated_at,
          (SELECT coalesce(json_agg(r.before_minutes ORDER BY r.before_minutes), '[]') FROM meeting_reminders r
            WHERE r.booking_id = b.id AND r.start_at = b.start_at) AS handled,
          (SELECT coalesce(json_agg(h.host_id ORDER BY h.host_id COLLATE "C"), '[]') FROM booking_hosts h WHERE h.booking_id = b.id) AS hosts
        FROM bookings b WHERE b.status = 'confirmed' AND b.start_at > $1 AND b.start_at <= $2 ORDER BY b.start_at`, [iso(now), iso(until)]);
      return rows.map(upcomingMeeting);
    },

    async record({ bookingId, start, beforeMinutes, outcome }, now) {
      const { rowCount } = await session.query(`INSERT INTO meeting_reminders (booking_id, start_at, before_minutes, outcome, at)
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [bookingId, iso(start), beforeMinutes, outcome, iso(now)]);
      return (rowCount ?? 0) > 0;
    },
  };
}

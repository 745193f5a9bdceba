import type { Db } from './database.js';
import type { Reminders, UpcomingMeeting } from '../reminders.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { upcomingMeeting, type UpcomingRow } from '../rows/reminders.js';

export function createReminders(db: Db): Synchronous<Reminders> {
  const upcoming = db.prepare(`SELECT b.id, b.uid, b.sequence, b.conversation_id, b.lead_id, b.campaign, b.host_id, b.start_at, b.end_at,
      b.updated_at, (SELECT json_group_array(r.before_minutes) FROM meeting_reminders r WHERE r.booking_id = b.id AND r.start_at = b.start_at) AS handled,
      (SELECT json_group_array(h.host_id) FROM booking_hosts h WHERE h.booking_id = b.id) AS hosts
    FROM bookings b WHERE b.status = 'confirmed' AND b.start_at > ? AND b.start_at <= ? ORDER BY b.start_at`);
  const record = db.prepare(`INSERT OR IGNORE INTO meeting_reminders (booking_id, start_at, before_minutes, outcome, at) VALUES (?, ?, ?, ?, ?)`);
  return {
    upcoming(now, until): UpcomingMeeting[] {
      return (upcoming.all(iso(now), iso(until)) as UpcomingRow[]).map(upcomingMeeting);
    },
    record({ bookingId, start, beforeMinutes, outcome }, now) {
      return record.run(bookingId, iso(start), beforeMinutes, outcome, iso(now)).changes > 0;
    },
  };
}

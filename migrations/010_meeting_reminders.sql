-- Reminders sent to the prospect before a meeting, one per booking, meeting time and lead time:
-- a moved meeting is reminded of again at its new time, a reminder is never sent twice.
CREATE TABLE meeting_reminders (
  booking_id     INTEGER NOT NULL REFERENCES bookings(id),
  start_at       TEXT NOT NULL,
  before_minutes INTEGER NOT NULL,
  outcome        TEXT NOT NULL CHECK (outcome IN ('sent', 'skipped')),
  at             TEXT NOT NULL,
  PRIMARY KEY (booking_id, start_at, before_minutes)
);
CREATE INDEX bookings_confirmed_start ON bookings (start_at) WHERE status = 'confirmed';

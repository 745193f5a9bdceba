-- Holds written to a rep's calendar as tentative events (calendar.write_holds): what is on the
-- calendar now, so the next sync creates the holds missing there and removes the ones that ended.
CREATE TABLE hold_events (
  uid             TEXT PRIMARY KEY,       -- the event's uid; one per held time and rep
  host_id         TEXT NOT NULL,
  conversation_id INTEGER NOT NULL,
  start_at        TEXT NOT NULL,
  end_at          TEXT NOT NULL,
  written_at      TEXT NOT NULL
);

-- Reports: meeting outcomes recorded by reps, and per-lead report facts kept on `leads`.
--
-- The reports read one row per lead. Joining each lead to its conversations, offered slots,
-- bookings and outcomes costs four index look-ups per lead, too slow for a quarter of a
-- million-lead database; so the facts the reports need are copied onto the lead by the triggers
-- below, whichever code writes those tables, and a quarter is one range over `leads`.
-- docs/reports.md defines every figure.

-- What happened at a meeting, recorded by a rep (CLI or signed link). One row per booking: a
-- correction replaces the row; the decisions table keeps the history.
CREATE TABLE meeting_outcomes (
  booking_id  INTEGER PRIMARY KEY REFERENCES bookings(id),
  outcome     TEXT NOT NULL CHECK (outcome IN ('held', 'no_show', 'disqualified')),
  reason      TEXT,                       -- a code such as no_budget; disqualified only
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('cli', 'link')),
  CHECK ((outcome = 'disqualified') = (reason IS NOT NULL))
);

ALTER TABLE leads ADD COLUMN status TEXT;            -- status of the lead's latest conversation
ALTER TABLE leads ADD COLUMN host_id TEXT;           -- host of the latest conversation
ALTER TABLE leads ADD COLUMN offered_at TEXT;        -- first time the agent offered times
ALTER TABLE leads ADD COLUMN meeting_id INTEGER;     -- latest confirmed booking, else latest booking
ALTER TABLE leads ADD COLUMN meeting_status TEXT;    -- confirmed | cancelled
ALTER TABLE leads ADD COLUMN meeting_host_id TEXT;   -- the meeting's organiser
ALTER TABLE leads ADD COLUMN meeting_start_at TEXT;  -- follows reschedules
ALTER TABLE leads ADD COLUMN outcome TEXT;           -- the meeting's outcome
-- Durations in ms from the first inbound message, kept as integers because parsing ISO text
-- for every lead of a quarter costs more than the rest of the report together.
ALTER TABLE leads ADD COLUMN first_reply_ms INTEGER; -- to the first agent reply
ALTER TABLE leads ADD COLUMN to_booking_ms INTEGER;  -- to the first booking confirmed
ALTER TABLE leads ADD COLUMN to_meeting_ms INTEGER;  -- to the start of the meeting

-- A report reads only this index: per campaign, a range of first messages, carrying every
-- column the figures need, in campaign order so grouping by campaign needs no sort. The
-- whole-service report walks it campaign by campaign (store/report-queries.ts). It replaces
-- the narrower index on (campaign, received_at).
DROP INDEX leads_campaign_received;
CREATE INDEX leads_report ON leads (campaign, received_at, status, host_id, meeting_host_id, meeting_status,
  meeting_id, outcome, offered_at, first_reply_ms, to_booking_ms, to_meeting_ms);
-- The triggers find a lead's bookings; `outcome` finds a booking's lead.
CREATE INDEX bookings_lead ON bookings (lead_id);
-- `explain ADDRESS` finds a lead through any of its contacts (colleagues included).
CREATE INDEX contacts_email ON contacts (email);
-- Recent conversations on the web page, for the service and per campaign.
CREATE INDEX conversations_updated ON conversations (updated_at);
CREATE INDEX conversations_campaign_updated ON conversations (campaign, updated_at);

CREATE TRIGGER leads_times_at_insert AFTER INSERT ON leads
WHEN NEW.first_reply_at IS NOT NULL OR NEW.booked_at IS NOT NULL BEGIN
  UPDATE leads SET
    first_reply_ms = CAST(round((julianday(NEW.first_reply_at) - julianday(NEW.received_at)) * 86400000) AS INTEGER),
    to_booking_ms = CAST(round((julianday(NEW.booked_at) - julianday(NEW.received_at)) * 86400000) AS INTEGER)
  WHERE id = NEW.id;
END;

CREATE TRIGGER leads_reply_time AFTER UPDATE OF first_reply_at ON leads BEGIN
  UPDATE leads SET first_reply_ms = CAST(round((julianday(NEW.first_reply_at) - julianday(NEW.received_at)) * 86400000) AS INTEGER)
  WHERE id = NEW.id;
END;

CREATE TRIGGER leads_booking_time AFTER UPDATE OF booked_at ON leads BEGIN
  UPDATE leads SET to_booking_ms = CAST(round((julianday(NEW.booked_at) - julianday(NEW.received_at)) * 86400000) AS INTEGER)
  WHERE id = NEW.id;
END;

CREATE TRIGGER leads_follow_new_conversation AFTER INSERT ON conversations BEGIN
  UPDATE leads SET status = NEW.status, host_id = NEW.host_id WHERE id = NEW.lead_id;
END;

-- Only the latest conversation speaks for the lead: saving an older one changes nothing.
CREATE TRIGGER leads_follow_conversation AFTER UPDATE OF status, host_id ON conversations BEGIN
  UPDATE leads SET status = NEW.status, host_id = NEW.host_id
  WHERE id = NEW.lead_id
    AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.lead_id = NEW.lead_id AND c.id > NEW.id);
END;

CREATE TRIGGER leads_follow_offer AFTER INSERT ON offered_slots BEGIN
  UPDATE leads SET offered_at = NEW.created_at
  WHERE offered_at IS NULL AND id = (SELECT lead_id FROM conversations WHERE id = NEW.conversation_id);
END;

-- A reschedule updates the booking row (same uid), so the lead keeps one meeting; a cancelled
-- booking stays the lead's meeting, as cancelled, until another one is confirmed.
CREATE TRIGGER leads_follow_new_booking AFTER INSERT ON bookings BEGIN
  UPDATE leads SET (meeting_id, meeting_status, meeting_host_id, meeting_start_at, to_meeting_ms, outcome) = (
    SELECT b.id, b.status, b.host_id, b.start_at,
      CAST(round((julianday(b.start_at) - julianday(leads.received_at)) * 86400000) AS INTEGER), o.outcome
    FROM bookings b LEFT JOIN meeting_outcomes o ON o.booking_id = b.id
    WHERE b.lead_id = NEW.lead_id ORDER BY b.status = 'confirmed' DESC, b.id DESC LIMIT 1)
  WHERE id = NEW.lead_id;
END;

CREATE TRIGGER leads_follow_booking AFTER UPDATE OF status, host_id, start_at ON bookings BEGIN
  UPDATE leads SET (meeting_id, meeting_status, meeting_host_id, meeting_start_at, to_meeting_ms, outcome) = (
    SELECT b.id, b.status, b.host_id, b.start_at,
      CAST(round((julianday(b.start_at) - julianday(leads.received_at)) * 86400000) AS INTEGER), o.outcome
    FROM bookings b LEFT JOIN meeting_outcomes o ON o.booking_id = b.id
    WHERE b.lead_id = NEW.lead_id ORDER BY b.status = 'confirmed' DESC, b.id DESC LIMIT 1)
  WHERE id = NEW.lead_id;
END;

CREATE TRIGGER leads_follow_new_outcome AFTER INSERT ON meeting_outcomes BEGIN
  UPDATE leads SET outcome = NEW.outcome
  WHERE id = (SELECT lead_id FROM bookings WHERE id = NEW.booking_id) AND meeting_id = NEW.booking_id;
END;

CREATE TRIGGER leads_follow_outcome AFTER UPDATE ON meeting_outcomes BEGIN
  UPDATE leads SET outcome = NEW.outcome
  WHERE id = (SELECT lead_id FROM bookings WHERE id = NEW.booking_id) AND meeting_id = NEW.booking_id;
END;

-- Leads recorded before this migration.
UPDATE leads SET
  (status, host_id) = (
    SELECT c.status, c.host_id FROM conversations c WHERE c.lead_id = leads.id ORDER BY c.id DESC LIMIT 1),
  offered_at = (
    SELECT min(o.created_at) FROM offered_slots o JOIN conversations c ON c.id = o.conversation_id
    WHERE c.lead_id = leads.id),
  (meeting_id, meeting_status, meeting_host_id, meeting_start_at, to_meeting_ms) = (
    SELECT b.id, b.status, b.host_id, b.start_at,
      CAST(round((julianday(b.start_at) - julianday(leads.received_at)) * 86400000) AS INTEGER)
    FROM bookings b WHERE b.lead_id = leads.id ORDER BY b.status = 'confirmed' DESC, b.id DESC LIMIT 1),
  first_reply_ms = CAST(round((julianday(first_reply_at) - julianday(received_at)) * 86400000) AS INTEGER),
  to_booking_ms = CAST(round((julianday(booked_at) - julianday(received_at)) * 86400000) AS INTEGER);

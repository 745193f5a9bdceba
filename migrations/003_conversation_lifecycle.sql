-- Follow-ups, unsubscribes, multi-host meetings, and what authentication said about each message.

ALTER TABLE conversations ADD COLUMN follow_up_due_at TEXT;
CREATE INDEX conversations_follow_up ON conversations (follow_up_due_at) WHERE follow_up_due_at IS NOT NULL;

-- An out-of-office reply that names a return date moves the follow-up.
ALTER TABLE leads ADD COLUMN returns_at TEXT;

-- Addresses that asked to hear nothing more from a campaign: honoured forever.
CREATE TABLE suppressions (
  campaign   TEXT NOT NULL,
  email      TEXT NOT NULL,
  reason     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (campaign, email)
);

-- Every host of a meeting (collective and fixed + rotating meetings have several); the clash
-- check and every host's busy time read this table.
CREATE TABLE booking_hosts (
  booking_id INTEGER NOT NULL REFERENCES bookings(id),
  host_id    TEXT NOT NULL,
  start_at   TEXT NOT NULL,
  end_at     TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
  PRIMARY KEY (booking_id, host_id)
);
CREATE INDEX booking_hosts_busy ON booking_hosts (host_id, start_at) WHERE status = 'confirmed';
INSERT INTO booking_hosts (booking_id, host_id, start_at, end_at, status)
  SELECT id, host_id, start_at, end_at, status FROM bookings;

ALTER TABLE bookings ADD COLUMN cancelled_at TEXT;

-- SPF/DKIM/DMARC verdicts computed from the connection's own facts (JSON), per inbound message.
ALTER TABLE messages ADD COLUMN authentication TEXT;

-- Tokens the LLM spent on a conversation, against its budget; survives restarts.
ALTER TABLE conversations ADD COLUMN llm_tokens INTEGER NOT NULL DEFAULT 0;

-- The prospect's language as last understood: follow-ups are written in it too.
ALTER TABLE conversations ADD COLUMN language TEXT;

-- A booking given back because its calendar event could not be written leaves no trace on the lead.
CREATE TRIGGER leads_forget_booking AFTER DELETE ON bookings BEGIN
  UPDATE leads SET (meeting_id, meeting_status, meeting_host_id, meeting_start_at, to_meeting_ms, outcome) = (
    SELECT b.id, b.status, b.host_id, b.start_at,
      CAST(round((julianday(b.start_at) - julianday(leads.received_at)) * 86400000) AS INTEGER), o.outcome
    FROM bookings b LEFT JOIN meeting_outcomes o ON o.booking_id = b.id
    WHERE b.lead_id = OLD.lead_id ORDER BY b.status = 'confirmed' DESC, b.id DESC LIMIT 1)
  WHERE id = OLD.lead_id;
END;

-- One inbound Message-ID per campaign is handled once, even by two workers at the same moment.
CREATE TABLE inbound_message_ids (
  campaign   TEXT NOT NULL,
  message_id TEXT NOT NULL,
  inbound_id INTEGER NOT NULL REFERENCES messages(id),
  PRIMARY KEY (campaign, message_id)
);

-- Optimistic concurrency: a turn saves its conversation only if nobody else did in between.
ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Calendars that could not be read, per rep, are shown on the reports page.
CREATE INDEX decisions_kind_time ON decisions (kind, created_at);

-- Instants are ISO 8601 UTC strings ("2026-11-20T21:49:04.123Z"): they sort and compare as text.

-- Every message that crosses the SMTP edge, inbound and outbound. Inbound rows are the durable
-- spool: the raw bytes are stored here before the listener answers 250.
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  campaign        TEXT NOT NULL,
  conversation_id INTEGER REFERENCES conversations(id),
  message_id      TEXT,
  envelope_from   TEXT,
  envelope_to     TEXT NOT NULL,          -- JSON array of addresses
  remote_address  TEXT,
  helo            TEXT,
  raw             BLOB NOT NULL,
  size            INTEGER NOT NULL,
  created_at      TEXT NOT NULL,          -- received (in) or queued (out)
  -- in: received -> processing -> processed | failed;  out: queued -> sent | failed
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  error           TEXT,
  done_at         TEXT,                   -- processed (in) or sent (out)
  kind            TEXT,                   -- in: classification; out: offer, confirmation, host_brief, ...
  from_address    TEXT,
  subject         TEXT,
  visible_text    TEXT,
  understanding   TEXT                    -- JSON Understanding, with the engine that produced it
);
CREATE INDEX messages_in_pending ON messages (status, id) WHERE direction = 'in';
CREATE INDEX messages_out_pending ON messages (status, next_attempt_at) WHERE direction = 'out';
CREATE INDEX messages_message_id ON messages (message_id);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- A lead is a person-campaign pair: the campaign is the address they wrote to.
CREATE TABLE leads (
  id             INTEGER PRIMARY KEY,
  campaign       TEXT NOT NULL,
  email          TEXT NOT NULL,
  name           TEXT,
  received_at    TEXT NOT NULL,           -- first inbound human message
  first_reply_at TEXT,                    -- first agent reply sent
  booked_at      TEXT,                    -- first booking confirmed
  UNIQUE (campaign, email)
);
CREATE INDEX leads_campaign_received ON leads (campaign, received_at);

CREATE TABLE contacts (
  id         INTEGER PRIMARY KEY,
  lead_id    INTEGER NOT NULL REFERENCES leads(id),
  email      TEXT NOT NULL,
  name       TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (lead_id, email)
);

CREATE TABLE conversations (
  id            INTEGER PRIMARY KEY,
  lead_id       INTEGER NOT NULL REFERENCES leads(id),
  campaign      TEXT NOT NULL,
  token         TEXT NOT NULL UNIQUE,     -- the +token of the reply address; unguessable
  status        TEXT NOT NULL,
  state         TEXT NOT NULL,            -- JSON ConversationState
  host_id       TEXT,
  prospect_zone TEXT NOT NULL,
  subject       TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX conversations_lead ON conversations (lead_id);

CREATE TABLE offered_slots (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  message_id      INTEGER REFERENCES messages(id),
  position        INTEGER NOT NULL,
  host_id         TEXT NOT NULL,
  start_at        TEXT NOT NULL,
  end_at          TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX offered_slots_conversation ON offered_slots (conversation_id);

CREATE TABLE bookings (
  id              INTEGER PRIMARY KEY,
  uid             TEXT NOT NULL UNIQUE,   -- iCalendar UID, stable across updates
  sequence        INTEGER NOT NULL DEFAULT 0,
  lead_id         INTEGER NOT NULL REFERENCES leads(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  campaign        TEXT NOT NULL,
  host_id         TEXT NOT NULL,
  attendee_email  TEXT NOT NULL,
  start_at        TEXT NOT NULL,
  end_at          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX bookings_host_time ON bookings (host_id, start_at) WHERE status = 'confirmed';
CREATE INDEX bookings_campaign ON bookings (campaign, created_at);

-- Why the agent did what it did: routing, understanding, steps. `detail` is JSON.
CREATE TABLE decisions (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER REFERENCES conversations(id),
  message_id      INTEGER REFERENCES messages(id),
  kind            TEXT NOT NULL,
  actor           TEXT NOT NULL,          -- rules, llm, code
  summary         TEXT NOT NULL,
  detail          TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX decisions_conversation ON decisions (conversation_id, id);

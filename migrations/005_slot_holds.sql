-- Times offered to a lead, held for them while they decide, so the next leads of a reply burst
-- are offered other times. One row per offered time; a new offer, a pick, a decline or the end
-- of the conversation's open offer removes them, and expires_at ends them regardless.
CREATE TABLE slot_holds (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  host_ids        TEXT NOT NULL,          -- 'alice', or 'alice+bob' for a collective meeting
  position        INTEGER NOT NULL,       -- 1 for the offer's first option: the likeliest pick
  start_at        TEXT NOT NULL,
  end_at          TEXT NOT NULL,
  held_at         TEXT NOT NULL,
  expires_at      TEXT NOT NULL,
  -- 1 while the turn that computed the offer has not committed: other turns already offer
  -- around it; the commit makes it a hold, or drops it when the turn offered nothing.
  tentative       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX slot_holds_conversation ON slot_holds (conversation_id);
CREATE INDEX slot_holds_expiry ON slot_holds (expires_at);

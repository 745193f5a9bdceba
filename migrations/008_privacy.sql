-- Requests about one person's data (campaign-agent forget / export) and retention purges, kept
-- without the address they were about: who asked, when, and how much was touched.
CREATE TABLE privacy_requests (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('forget', 'export', 'retention')),
  requested_by TEXT NOT NULL,
  at           TEXT NOT NULL,
  leads        INTEGER NOT NULL,
  messages     INTEGER NOT NULL
);
-- Retention walks messages by age.
CREATE INDEX messages_created ON messages (created_at);

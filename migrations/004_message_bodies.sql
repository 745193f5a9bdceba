-- Inbound message bytes move out of the messages row. SQLite rewrites a whole row on every
-- UPDATE, so a body kept in the row was written again each time the message changed status
-- (received -> processing -> processed). Large bodies are files under the bodies folder next to
-- the database (written and fsynced as they arrive, never held in memory whole); the row then
-- names the file.
CREATE TABLE message_bodies (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id),
  raw        BLOB,                      -- the bytes, or NULL when they are in `file`
  file       TEXT,                      -- a file name under the bodies folder
  CHECK ((raw IS NULL) <> (file IS NULL))
);
CREATE INDEX message_bodies_file ON message_bodies (file) WHERE file IS NOT NULL;

INSERT INTO message_bodies (message_id, raw) SELECT id, raw FROM messages WHERE direction = 'in';
-- messages.raw is NOT NULL; for inbound rows it is now empty and message_bodies has the bytes.
UPDATE messages SET raw = X'' WHERE direction = 'in';

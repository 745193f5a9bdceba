-- Bodies of large inbound messages (over the listener's in-row size), in the database so any
-- node can process any message. The listener writes one as it arrives, a chunk per row, so it
-- is never held whole; message_bodies.file names it once the message got its 250, and a name
-- none refers to an hour after its last chunk is a message that never did (sweepBodyFiles).
-- SQLite keeps these as files in a folder beside its database.
CREATE TABLE body_chunks (
  name       text NOT NULL,
  seq        integer NOT NULL,
  bytes      bytea NOT NULL,
  written_at timestamptz NOT NULL,
  PRIMARY KEY (name, seq)
);

-- Webhook deliveries: one row per event and endpoint, written in the transaction of what caused
-- it, so an event is never lost and never made twice; delivered at least once, in order per
-- lead and endpoint, retried with backoff, and kept as failed (the dead letters) when they run out.
CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  webhook_id      TEXT NOT NULL UNIQUE,      -- the Standard Webhooks webhook-id: the receiver's dedupe key
  endpoint        TEXT NOT NULL,             -- the URL
  event           TEXT NOT NULL,
  lead_id         INTEGER,
  payload         TEXT NOT NULL,             -- the JSON body, as signed
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  delivered_at    TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint, lead_id, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (id) WHERE status = 'failed';

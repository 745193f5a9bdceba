-- The lead list on the web page (/leads, /api/leads, /handoffs): newest first, a page at a time
-- by keyset (received_at, id), whatever the filter, so a million leads read as fast as ten.
-- With a campaign the report index (campaign, received_at, ...) already serves; these serve the
-- whole service, one state (the hand-off queue) and one rep.
CREATE INDEX leads_received ON leads (received_at, id);
CREATE INDEX leads_status_received ON leads (status, received_at, id);
CREATE INDEX leads_host_received ON leads (host_id, received_at, id);
-- A person took over a handed-off lead (the queue's "taken"); a later hand-off shows it again.
ALTER TABLE leads ADD COLUMN handoff_acknowledged_at TEXT;

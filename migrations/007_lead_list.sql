-- The lead list on the web page (/leads, /api/leads, /handoffs): newest first, a page at a time
-- by keyset (received_at, id), whatever the filter, so a million leads read as fast as ten.
-- With a campaign the report index (campaign, received_at, ...) already serves; these serve the
-- whole service, one state (the hand-off queue) and one rep.
CREATE INDEX leads_received ON leads (received_at, id);
CREATE INDEX leads_status_received ON leads (status, received_at, id);
CREATE INDEX leads_host_received ON leads (host_id, received_at, id);
-- A person took over a handed-off lead (the queue's "taken"); a later hand-off shows it again.
ALTER TABLE leads ADD COLUMN handoff_acknowledged_at TEXT;
-- When the lead was last handed to a person (its latest conversation turned handed_off), so the
-- queue is one ordered range however many leads wait. Conversations are saved whole, so only a
-- change of status counts.
ALTER TABLE leads ADD COLUMN handed_off_at TEXT;
CREATE TRIGGER leads_handed_off AFTER UPDATE OF status ON conversations
WHEN NEW.status = 'handed_off' AND OLD.status IS NOT 'handed_off' BEGIN
  UPDATE leads SET handed_off_at = NEW.updated_at
  WHERE id = NEW.lead_id
    AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.lead_id = NEW.lead_id AND c.id > NEW.id);
END;
UPDATE leads SET handed_off_at = (SELECT max(updated_at) FROM conversations c WHERE c.lead_id = leads.id) WHERE status = 'handed_off';
CREATE INDEX leads_handoff_queue ON leads (handed_off_at, id) WHERE status = 'handed_off';
CREATE TRIGGER leads_handed_off_new AFTER INSERT ON conversations WHEN NEW.status = 'handed_off' BEGIN
  UPDATE leads SET handed_off_at = NEW.updated_at WHERE id = NEW.lead_id;
END;

-- The web page's weeks and reps read per-day counts kept here by the writes, instead of sorting a
-- quarter of leads by week and by rep at every view (issue 20: 315 ms over a million leads). One
-- row per campaign, UTC day of the first message and rep (the meeting's organiser, else the
-- conversation's host; '' for none), holding what the report counts (docs/reports.md). Medians do
-- not add up, so they are still read from the leads themselves.
CREATE TABLE lead_days (
  campaign TEXT NOT NULL,
  day      TEXT NOT NULL,
  rep      TEXT NOT NULL,
  leads        INTEGER NOT NULL DEFAULT 0,
  offered      INTEGER NOT NULL DEFAULT 0,
  replied      INTEGER NOT NULL DEFAULT 0,
  booked       INTEGER NOT NULL DEFAULT 0,
  cancelled    INTEGER NOT NULL DEFAULT 0,
  held         INTEGER NOT NULL DEFAULT 0,
  no_show      INTEGER NOT NULL DEFAULT 0,
  disqualified INTEGER NOT NULL DEFAULT 0,
  handed_off   INTEGER NOT NULL DEFAULT 0,
  declined     INTEGER NOT NULL DEFAULT 0,
  unsubscribed INTEGER NOT NULL DEFAULT 0,
  stalled      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign, day, rep)
);

CREATE TRIGGER lead_days_insert AFTER INSERT ON leads BEGIN
  INSERT INTO lead_days (campaign, day, rep, leads, offered, replied, booked, cancelled, held, no_show, disqualified, handed_off, declined, unsubscribed, stalled)
    VALUES (NEW.campaign, substr(NEW.received_at, 1, 10), coalesce(NEW.meeting_host_id, NEW.host_id, ''), 1, (NEW.offered_at IS NOT NULL OR NEW.meeting_status IS NOT NULL), (NEW.first_reply_ms IS NOT NULL), (NEW.meeting_status IS 'confirmed'), (NEW.meeting_status IS 'cancelled'), (NEW.meeting_status IS 'confirmed' AND NEW.outcome IS 'held'), (NEW.meeting_status IS 'confirmed' AND NEW.outcome IS 'no_show'), (NEW.meeting_status IS 'confirmed' AND NEW.outcome IS 'disqualified'), (NEW.status IS 'handed_off'), (NEW.status IS 'declined'), (NEW.status IS 'unsubscribed'), (NEW.status IS 'stalled'))
    ON CONFLICT (campaign, day, rep) DO UPDATE SET leads = leads + excluded.leads, offered = offered + excluded.offered, replied = replied + excluded.replied, booked = booked + excluded.booked, cancelled = cancelled + excluded.cancelled, held = held + excluded.held, no_show = no_show + excluded.no_show, disqualified = disqualified + excluded.disqualified, handed_off = handed_off + excluded.handed_off, declined = declined + excluded.declined, unsubscribed = unsubscribed + excluded.unsubscribed, stalled = stalled + excluded.stalled;
END;

-- Conversations are saved whole, and their trigger rewrites the lead's status each time: only a
-- change moves a count.
CREATE TRIGGER lead_days_update AFTER UPDATE OF campaign, received_at, status, host_id, meeting_host_id, meeting_status, outcome, offered_at, first_reply_ms ON leads
WHEN OLD.campaign IS NOT NEW.campaign
  OR OLD.received_at IS NOT NEW.received_at
  OR OLD.status IS NOT NEW.status
  OR OLD.host_id IS NOT NEW.host_id
  OR OLD.meeting_host_id IS NOT NEW.meeting_host_id
  OR OLD.meeting_status IS NOT NEW.meeting_status
  OR OLD.outcome IS NOT NEW.outcome
  OR OLD.offered_at IS NOT NEW.offered_at
  OR OLD.first_reply_ms IS NOT NEW.first_reply_ms BEGIN
  INSERT INTO lead_days (campaign, day, rep, leads, offered, replied, booked, cancelled, held, no_show, disqualified, handed_off, declined, unsubscribed, stalled)
    VALUES (OLD.campaign, substr(OLD.received_at, 1, 10), coalesce(OLD.meeting_host_id, OLD.host_id, ''), -1, -(OLD.offered_at IS NOT NULL OR OLD.meeting_status IS NOT NULL), -(OLD.first_reply_ms IS NOT NULL), -(OLD.meeting_status IS 'confirmed'), -(OLD.meeting_status IS 'cancelled'), -(OLD.meeting_status IS 'confirmed' AND OLD.outcome IS 'held'), -(OLD.meeting_status IS 'confirmed' AND OLD.outcome IS 'no_show'), -(OLD.meeting_status IS 'confirmed' AND OLD.outcome IS 'disqualified'), -(OLD.status IS 'handed_off'), -(OLD.status IS 'declined'), -(OLD.status IS 'unsubscribed'), -(OLD.status IS 'stalled'))
    ON CONFLICT (campaign, day, rep) DO UPDATE SET leads = leads + excluded.leads, offered = offered + excluded.offered, replied = replied + excluded.replied, booked = booked + excluded.booked, cancelled = cancelled + excluded.cancelled, held = held + excluded.held, no_show = no_show + excluded.no_show, disqualified = disqualified + excluded.disqualified, handed_off = handed_off + excluded.handed_off, declined = declined + excluded.declined, unsubscribed = unsubscribed + excluded.unsubscribed, stalled = stalled + excluded.stalled;
  INSERT INTO lead_days (campaign, day, rep, leads, offered, replied, booked, cancelled, held, no_show, disqualified, handed_off, declined, unsubscribed, stalled)
    VALUES (NEW.campaign, substr(NEW.received_at, 1, 10), coalesce(NEW.meeting_host_id, NEW.host_id, ''), 1, (NEW.offered_at IS NOT NULL OR NEW.meeting_status IS NOT NULL), (NEW.first_reply_ms IS NOT NULL), (NEW.meeting_status IS 'confirmed'), (NEW.meeting_status IS 'cancelled'), (NEW.meeting_status IS 'confirmed' AND NEW.outcome IS 'held'), (NEW.meeting_status IS 'confirmed' AND NEW.outcome IS 'no_show'), (NEW.meeting_status IS 'confirmed' AND NEW.outcome IS 'disqualified'), (NEW.status IS 'handed_off'), (NEW.status IS 'declined'), (NEW.status IS 'unsubscribed'), (NEW.status IS 'stalled'))
    ON CONFLICT (campaign, day, rep) DO UPDATE SET leads = leads + excluded.leads, offered = offered + excluded.offered, replied = replied + excluded.replied, booked = booked + excluded.booked, cancelled = cancelled + excluded.cancelled, held = held + excluded.held, no_show = no_show + excluded.no_show, disqualified = disqualified + excluded.disqualified, handed_off = handed_off + excluded.handed_off, declined = declined + excluded.declined, unsubscribed = unsubscribed + excluded.unsubscribed, stalled = stalled + excluded.stalled;
END;

CREATE TRIGGER lead_days_delete AFTER DELETE ON leads BEGIN
  INSERT INTO lead_days (campaign, day, rep, leads, offered, replied, booked, cancelled, held, no_show, disqualified, handed_off, declined, unsubscribed, stalled)
    VALUES (OLD.campaign, substr(OLD.received_at, 1, 10), coalesce(OLD.meeting_host_id, OLD.host_id, ''), -1, -(OLD.offered_at IS NOT NULL OR OLD.meeting_status IS NOT NULL), -(OLD.first_reply_ms IS NOT NULL), -(OLD.meeting_status IS 'confirmed'), -(OLD.meeting_status IS 'cancelled'), -(OLD.meeting_status IS 'confirmed' AND OLD.outcome IS 'held'), -(OLD.meeting_status IS 'confirmed' AND OLD.outcome IS 'no_show'), -(OLD.meeting_status IS 'confirmed' AND OLD.outcome IS 'disqualified'), -(OLD.status IS 'handed_off'), -(OLD.status IS 'declined'), -(OLD.status IS 'unsubscribed'), -(OLD.status IS 'stalled'))
    ON CONFLICT (campaign, day, rep) DO UPDATE SET leads = leads + excluded.leads, offered = offered + excluded.offered, replied = replied + excluded.replied, booked = booked + excluded.booked, cancelled = cancelled + excluded.cancelled, held = held + excluded.held, no_show = no_show + excluded.no_show, disqualified = disqualified + excluded.disqualified, handed_off = handed_off + excluded.handed_off, declined = declined + excluded.declined, unsubscribed = unsubscribed + excluded.unsubscribed, stalled = stalled + excluded.stalled;
END;

INSERT INTO lead_days (campaign, day, rep, leads, offered, replied, booked, cancelled, held, no_show, disqualified, handed_off, declined, unsubscribed, stalled)
  SELECT campaign, substr(received_at, 1, 10), coalesce(meeting_host_id, host_id, ''),
    count(*), sum((offered_at IS NOT NULL OR meeting_status IS NOT NULL)), sum((first_reply_ms IS NOT NULL)), sum((meeting_status IS 'confirmed')), sum((meeting_status IS 'cancelled')), sum((meeting_status IS 'confirmed' AND outcome IS 'held')), sum((meeting_status IS 'confirmed' AND outcome IS 'no_show')), sum((meeting_status IS 'confirmed' AND outcome IS 'disqualified')), sum((status IS 'handed_off')), sum((status IS 'declined')), sum((status IS 'unsubscribed')), sum((status IS 'stalled'))
  FROM leads GROUP BY 1, 2, 3;
CREATE INDEX lead_days_day ON lead_days (day);

-- Claims with leases on webhook deliveries, as on messages: a worker takes a delivery (FOR UPDATE
-- SKIP LOCKED) by naming itself and a lease end, and any worker may take one whose lease ran out.
-- A lead's later event waits while an earlier one is pending, so a claimed head of a lead's
-- queue holds the rest of it on every node. Claimed rows are the few in flight: the claim walks
-- webhook_deliveries_due and filters on lease_until, as SQLite does (013).
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by text, ADD COLUMN lease_until timestamptz;

-- Claims with leases on webhook deliveries, as on the spool and the outbox (012): with many
-- nodes on one database, a delivery is made by the one that claimed it, and another takes it
-- over only once the lease ran out. A lead's later event still waits while an earlier one is
-- pending, so a claimed head of a lead's queue holds the rest of it on every node. Claimed rows
-- are the few in flight: the claim walks webhook_deliveries_due and filters on lease_until.
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN lease_until TEXT;

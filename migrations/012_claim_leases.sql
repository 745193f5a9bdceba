-- Claims with leases: many workers, on many nodes, share the inbound spool and the outbox. A
-- claim names its node and holds until lease_until; another worker takes it over only once the
-- lease ran out, and no node resets another's claims when it starts. A row left `processing`
-- by an older version has no lease, and is free to claim.
ALTER TABLE messages ADD COLUMN claimed_by TEXT;
ALTER TABLE messages ADD COLUMN lease_until TEXT;

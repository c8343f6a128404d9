-- Enlace 0015: a share says whether the receiver may write what her role may write on shared
-- records (§5.4 RW*) or only read. A referral's share is for doing the referred work (care,
-- follow-up): writable. A share on consent or mandate is read-only unless the owner says so.
-- And the receiver's lists find what was shared with her agency: an index by receiver.
ALTER TABLE record_access ADD COLUMN writable boolean NOT NULL DEFAULT false;
UPDATE record_access SET writable = true WHERE basis = 'REFERRAL';
ALTER TABLE record_access ADD CONSTRAINT record_access_glass_read_only CHECK (basis <> 'BREAK_GLASS' OR NOT writable);
CREATE INDEX record_access_receiver ON record_access (agency_id) WHERE revoked_at IS NULL;

-- Enlace 0024: a list or search read names every record it returned, so that a record's own
-- access log and the audit search by record find the lists that showed it, not only the reads
-- that opened it. Part of the entry's hash when present (src/server/audit/chain.ts).
ALTER TABLE audit_log ADD COLUMN record_ids uuid[];
CREATE INDEX audit_log_record_ids ON audit_log USING gin (record_ids);

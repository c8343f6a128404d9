-- Enlace 0040: most audit entries are reads of one record and name no list (record_ids is null),
-- yet a GIN index files a placeholder entry for each null: one index insertion per audited read
-- that no search ever uses. The audit search asks `record_ids && …`, which only non-null rows can
-- satisfy, so the partial index still serves it.
DROP INDEX audit_log_record_ids;
CREATE INDEX audit_log_record_ids ON audit_log USING gin (record_ids) WHERE record_ids IS NOT NULL;

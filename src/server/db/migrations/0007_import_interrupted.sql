-- Enlace 0007: an import run whose process died is marked INTERRUPTED by the run of the same file
-- that completes it, and that run names the one it resumes. (Written to hold also on a database
-- where an early copy of 0006 already had these.)
ALTER TABLE import_batches DROP CONSTRAINT IF EXISTS import_batches_status_check;
ALTER TABLE import_batches ADD CONSTRAINT import_batches_status_check CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'INTERRUPTED'));
ALTER TABLE import_batches ADD COLUMN IF NOT EXISTS resumes uuid REFERENCES import_batches(id);

-- Enlace 0006: imports of agency files. An import run is a batch (who ran it, which file by its
-- hash, which profile, its counts); every source record imported is remembered by its source
-- system and id with the fingerprint of the row it came from, so that importing the same file
-- again changes nothing and a changed row updates its record; every row that could not be
-- imported is kept in the quarantine with its reasons until someone corrects or discards it.

CREATE TABLE import_batches (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  unit_id uuid NOT NULL REFERENCES units(id),
  user_id uuid NOT NULL REFERENCES users(id),
  -- The profile as it was used (a custom profile may change later).
  profile_id text NOT NULL,
  profile jsonb NOT NULL,
  file_name text NOT NULL,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_bytes bigint NOT NULL,
  format text,
  encoding text,
  status text NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
  rows_total integer NOT NULL DEFAULT 0,
  rows_done integer NOT NULL DEFAULT 0,
  imported integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  quarantined integer NOT NULL DEFAULT 0,
  blank_rows integer NOT NULL DEFAULT 0,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX import_batches_agency ON import_batches (agency_id, started_at DESC);

-- One row per source record imported: where it came from and which records it became.
CREATE TABLE import_records (
  agency_id uuid NOT NULL REFERENCES agencies(id),
  source_system text NOT NULL,
  -- The source's record id, or "#" and the row's fingerprint when the source has none.
  record_key text NOT NULL,
  fingerprint text NOT NULL,
  -- Ids from the action log; no foreign keys to the projections, which are rebuilt at will.
  person_id uuid NOT NULL,
  case_file_id uuid,
  batch_id uuid NOT NULL REFERENCES import_batches(id),
  -- What the row held that our records have no field for yet (investigation numbers, offences,
  -- residence, admission date), sealed under the person's data key.
  extra bytea,
  imported_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, source_system, record_key)
);
CREATE INDEX import_records_person ON import_records (person_id);

-- Rows that could not be imported, with their original values and reasons (sealed: they hold
-- names). Open until corrected and imported, or discarded with a reason; never deleted.
CREATE TABLE import_quarantine (
  id uuid PRIMARY KEY,
  batch_id uuid NOT NULL REFERENCES import_batches(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  source_system text NOT NULL,
  record_id text,
  fingerprint text NOT NULL,
  row_number integer NOT NULL,
  line integer NOT NULL,
  -- Which fields failed and why (message keys), readable for counting and grouping.
  problem_keys text[] NOT NULL,
  sealed bytea NOT NULL,
  status text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED', 'DISCARDED', 'SUPERSEDED')),
  person_id uuid,
  resolved_by uuid REFERENCES users(id),
  resolved_at timestamptz,
  resolution_reason text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The same row quarantined again (a re-import) is not kept twice.
CREATE UNIQUE INDEX import_quarantine_open_row ON import_quarantine (agency_id, source_system, fingerprint) WHERE status = 'OPEN';
CREATE INDEX import_quarantine_batch ON import_quarantine (batch_id, row_number);
CREATE INDEX import_quarantine_record ON import_quarantine (agency_id, source_system, record_id) WHERE status = 'OPEN';

-- The linkage queue holds ids from the action log like the tables above: rebuilding the
-- projections must not be refused because records wait to be linked.
ALTER TABLE linkage_queue DROP CONSTRAINT linkage_queue_person_id_fkey;

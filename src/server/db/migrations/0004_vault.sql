-- Enlace 0004: the identity vault. Identity fields leave the readable columns: persons keep
-- only non-identifying data in `data`, and their identity sealed under a per-person key;
-- actions likewise. Search and exact look-up go through keyed hashes (blind indexes).
-- (No release preceded this migration, so no plaintext rows are converted here.)

CREATE TABLE vault_keys (
  name text PRIMARY KEY,
  wrapped bytea NOT NULL,
  master_key_id text NOT NULL
);

CREATE TABLE person_keys (
  person_id uuid PRIMARY KEY,
  wrapped bytea NOT NULL,
  master_key_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE persons DROP COLUMN display_name;
ALTER TABLE persons DROP COLUMN birth_date;
ALTER TABLE persons ADD COLUMN sealed bytea;
ALTER TABLE persons ADD COLUMN document_index text[] NOT NULL DEFAULT '{}';
ALTER TABLE persons ADD COLUMN birth_year integer;
CREATE INDEX persons_document_index ON persons USING gin (document_index);

ALTER TABLE case_files ADD COLUMN sealed bytea;

ALTER TABLE actions ADD COLUMN sealed bytea;

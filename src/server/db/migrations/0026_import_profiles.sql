-- Enlace 0026: mapping profiles an agency saves (its administrator writes one for a layout the
-- shipped profiles do not know, tries it on a sample, keeps it). Identified per agency by the
-- profile's id, never one of the shipped ids; retired rather than deleted, since import batches
-- name the profile they used (and keep a copy of it).
CREATE TABLE import_profiles (
  agency_id uuid NOT NULL REFERENCES agencies(id),
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  profile jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  retired_by uuid REFERENCES users(id),
  PRIMARY KEY (agency_id, id)
);

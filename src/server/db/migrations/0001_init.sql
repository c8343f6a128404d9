-- Enlace 0001: organisations, users, sessions, the append-only action log and its projections.

CREATE TABLE agencies (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  org_type text NOT NULL,
  entity text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  parent_unit_id uuid REFERENCES units(id),
  name text NOT NULL,
  ubigeo text NOT NULL CHECK (ubigeo ~ '^[0-9]{6}$'),
  is_shelter boolean NOT NULL DEFAULT false,
  external_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, name)
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units(id),
  username text NOT NULL UNIQUE CHECK (username = lower(username)),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  must_change_password boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);

-- The session cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every change to a person or case file, in order. Never updated, never deleted (trigger below).
CREATE TABLE actions (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  entity_type text NOT NULL CHECK (entity_type IN ('person', 'case_file')),
  entity_id uuid NOT NULL,
  entity_version integer NOT NULL CHECK (entity_version >= 1),
  action_type text NOT NULL,
  payload jsonb NOT NULL,
  reason text,
  actor_user_id uuid REFERENCES users(id),
  actor_unit_id uuid REFERENCES units(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_type, entity_id, entity_version)
);

CREATE FUNCTION enlace_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER actions_append_only BEFORE UPDATE OR DELETE ON actions
  FOR EACH ROW EXECUTE FUNCTION enlace_refuse_change();

-- Projections: the current state derived from the actions, for queries. Rebuildable at any time.
CREATE TABLE persons (
  id uuid PRIMARY KEY,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  version integer NOT NULL,
  data jsonb NOT NULL,
  display_name text NOT NULL,
  name_tokens text[] NOT NULL,
  sex text NOT NULL,
  birth_date text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX persons_name_tokens ON persons USING gin (name_tokens);
CREATE INDEX persons_agency ON persons (owner_agency_id);

CREATE SEQUENCE case_file_code_seq;

CREATE TABLE case_files (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  person_id uuid NOT NULL REFERENCES persons(id),
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  registering_unit_id uuid NOT NULL REFERENCES units(id),
  state text NOT NULL,
  trafficking_status text NOT NULL,
  detection_date date NOT NULL,
  detection_ubigeo text NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX case_files_agency_updated ON case_files (owner_agency_id, updated_at DESC, id);
CREATE INDEX case_files_person ON case_files (person_id);
CREATE INDEX case_files_agency_state ON case_files (owner_agency_id, state);

-- A retried write with the same Idempotency-Key gets the first answer instead of a second record.
CREATE TABLE idempotency_keys (
  user_id uuid NOT NULL REFERENCES users(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

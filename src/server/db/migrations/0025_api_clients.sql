-- Enlace 0025: agencies' systems as API clients (OAuth2 client credentials). An administrator of
-- an agency creates a client for one of its systems; the client acts as a service account of
-- the agency (a users row that can never sign in: it has no password, and sign-in refuses it),
-- with the roles the administrator gave it, so that its records, actions, imports and audit
-- entries name it like any user. Only the SHA-256 of its secret and of its access tokens is kept.
CREATE TABLE api_clients (
  id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  user_id uuid NOT NULL UNIQUE REFERENCES users(id),
  name text NOT NULL,
  secret_hash text NOT NULL,
  scopes text[] NOT NULL,
  -- The mapping profile its pushed records are read with (a shipped one, or the agency's own).
  profile_id text NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id),
  last_used_at timestamptz
);
CREATE INDEX api_clients_agency ON api_clients (agency_id, created_at DESC);

CREATE TABLE api_tokens (
  token_hash text PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES api_clients(id),
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_client ON api_tokens (client_id);

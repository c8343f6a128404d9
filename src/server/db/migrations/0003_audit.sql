-- Enlace 0003: the audit log of every read and write of personal data. Append-only, and
-- tamper-evident: each entry carries the hash of the previous one in its chain (one chain per
-- server process), and each chain's head is kept, so an altered, removed or truncated entry shows.

CREATE TABLE audit_chains (
  chain uuid PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  head_seq bigint NOT NULL DEFAULT 0,
  head_hash text NOT NULL
);

CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  chain uuid NOT NULL REFERENCES audit_chains(chain),
  chain_seq bigint NOT NULL,
  at timestamptz NOT NULL,
  user_id uuid,
  username text,
  agency_id uuid,
  unit_id uuid,
  ip text,
  action text NOT NULL,
  entity_type text,
  entity_id uuid,
  field_groups text[] NOT NULL,
  purpose text,
  outcome text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (chain, chain_seq)
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, at DESC);
CREATE INDEX audit_log_user ON audit_log (user_id, at DESC);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION enlace_refuse_change();

-- Enlace 0013: the person's consent per purpose (domain-spec §6.9, §10.2), who took it and when,
-- and its withdrawal. Rows are never deleted: a withdrawal is stamped on its consent, and it
-- revokes the share the consent opened (record_access.consent_id). The child's opinion and the
-- withdrawal's reason are free text about the person: sealed under her data key.
CREATE TABLE consents (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  purpose text NOT NULL,
  agency_id uuid REFERENCES agencies(id),
  field_groups text[] NOT NULL DEFAULT '{}' CHECK (NOT ('G6' = ANY (field_groups))),
  granted boolean NOT NULL,
  form text NOT NULL,
  given_by text NOT NULL,
  given_on date NOT NULL,
  data jsonb NOT NULL,
  sealed bytea,
  taken_by uuid NOT NULL REFERENCES users(id),
  taken_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid REFERENCES users(id),
  withdrawn_on date,
  withdrawal_sealed bytea,
  CHECK (purpose <> 'COMPARTIR_CON_ENTIDAD' OR agency_id IS NOT NULL),
  CHECK (withdrawn_at IS NULL OR granted)
);
CREATE INDEX consents_case ON consents (case_file_id, taken_at DESC);
CREATE INDEX consents_person ON consents (person_id);

ALTER TABLE record_access ADD COLUMN consent_id uuid REFERENCES consents(id);

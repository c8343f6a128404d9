-- Enlace 0008: access to a case file beyond its owner's reach. The owner shares it with another
-- agency on a basis (accepted referral, the person's consent, a legal mandate) and a choice of
-- field groups; or one user breaks the glass for a few hours, giving a reason. Rows are never
-- deleted: a share is revoked, a broken glass expires, and both stay visible to the owner.
-- (No foreign key to case_files: projections are rebuilt from the action log at will.)
CREATE TABLE record_access (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  user_id uuid REFERENCES users(id),
  basis text NOT NULL CHECK (basis IN ('REFERRAL', 'CONSENT', 'MANDATE', 'BREAK_GLASS')),
  field_groups text[] NOT NULL CHECK (NOT ('G6' = ANY (field_groups))),
  reason text NOT NULL,
  granted_by uuid NOT NULL REFERENCES users(id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id),
  CHECK (basis <> 'BREAK_GLASS' OR (user_id IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX record_access_case ON record_access (case_file_id);
CREATE INDEX record_access_owner ON record_access (owner_agency_id, granted_at DESC);

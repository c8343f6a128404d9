-- Enlace 0016: roles an administrator defines beyond the defaults of domain-spec §5.3, from the
-- same vocabulary (permissions, reach, access per field group), checked against the defaults'
-- ceiling when stored (src/server/policies/roles.ts). A default role's code is never stored here.
CREATE TABLE custom_roles (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{2,39}$'),
  label_es text NOT NULL,
  label_en text NOT NULL,
  permissions text[] NOT NULL,
  reach text NOT NULL CHECK (reach IN ('none', 'unit', 'jurisdiction', 'agency')),
  in_reach jsonb NOT NULL,
  shared jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

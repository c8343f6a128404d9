-- Enlace 0020: regional plans against trafficking (objectives, and targets per indicator and year)
-- and the public investment projects of local and regional governments (issue 7, item 6). Public
-- information about public policy: no personal data.
CREATE TABLE regional_plans (
  id uuid PRIMARY KEY,
  department text NOT NULL CHECK (department ~ '^[0-9]{2}$'),
  title text NOT NULL,
  period_from integer NOT NULL,
  period_to integer NOT NULL CHECK (period_to >= period_from),
  objectives jsonb NOT NULL DEFAULT '[]',
  targets jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX regional_plans_department ON regional_plans (department, period_from);

CREATE TABLE investment_projects (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  department text NOT NULL CHECK (department ~ '^[0-9]{2}$'),
  municipality text NOT NULL CHECK (municipality ~ '^[0-9]{4}([0-9]{2})?$' AND left(municipality, 2) = department),
  name text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('PREVENCION', 'ATENCION', 'REINTEGRACION')),
  year integer NOT NULL,
  budget numeric(14, 2) NOT NULL CHECK (budget >= 0),
  executed numeric(14, 2) NOT NULL CHECK (executed >= 0),
  status text NOT NULL CHECK (status IN ('PROGRAMADO', 'EN_EJECUCION', 'CONCLUIDO', 'PARALIZADO')),
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX investment_projects_department ON investment_projects (department, year);

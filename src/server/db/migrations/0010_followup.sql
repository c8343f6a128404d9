-- Enlace 0010: follow-up of each victim — scheduled follow-up contacts, referrals between agencies,
-- care and reintegration plans, shelter stays, services and the criminal process. Each is an entity
-- of the action log like persons and case files; the tables below are projections derived from it
-- (`enlace rebuild-projections` derives them again). Their content (what was said at a contact,
-- the plan's goals, the referral's note) is sealed under the person's data key; the columns that
-- stay readable are those the worklists, inboxes and alerts query on.

ALTER TABLE actions DROP CONSTRAINT actions_entity_type_check;
ALTER TABLE actions ADD CONSTRAINT actions_entity_type_check
  CHECK (entity_type IN ('person', 'case_file', 'match', 'followup', 'referral', 'care_plan', 'shelter_stay', 'service', 'proceeding'));

-- A unit's case files are those it registered, unless the lead of care moved to another unit.
CREATE INDEX case_files_unit_state ON case_files (registering_unit_id, state);

CREATE TABLE followups (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  unit_id uuid NOT NULL REFERENCES units(id),
  assigned_user_id uuid REFERENCES users(id),
  state text NOT NULL CHECK (state IN ('PROGRAMADO', 'REALIZADO', 'NO_CONTACTADO', 'CANCELADO')),
  due_on date NOT NULL,
  modality text NOT NULL,
  attempt integer NOT NULL,
  done_on date,
  alert_type text,
  version integer NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- The worklist reads only scheduled follow-ups, by unit or by worker, in order of their day.
CREATE INDEX followups_unit_due ON followups (unit_id, due_on) WHERE state = 'PROGRAMADO';
CREATE INDEX followups_user_due ON followups (assigned_user_id, due_on) WHERE state = 'PROGRAMADO';
CREATE INDEX followups_case ON followups (case_file_id, due_on);

-- The last day each case file's person was actually reached (not attempts).
CREATE TABLE case_contacts (
  case_file_id uuid PRIMARY KEY,
  last_contact_on date NOT NULL
);

-- Case files whose lead of care moved to another unit by an accepted referral (§8.1).
CREATE TABLE care_leads (
  case_file_id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  referral_id uuid NOT NULL,
  since timestamptz NOT NULL
);
CREATE INDEX care_leads_unit ON care_leads (unit_id);

CREATE TABLE referrals (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  from_agency_id uuid NOT NULL REFERENCES agencies(id),
  from_unit_id uuid NOT NULL REFERENCES units(id),
  from_user_id uuid REFERENCES users(id),
  to_agency_id uuid NOT NULL REFERENCES agencies(id),
  to_unit_id uuid NOT NULL REFERENCES units(id),
  to_user_id uuid REFERENCES users(id),
  state text NOT NULL,
  motive text NOT NULL,
  urgency text NOT NULL,
  services text[] NOT NULL,
  transfers_lead boolean NOT NULL,
  basis text NOT NULL,
  shared_groups text[] NOT NULL,
  rejection_reason text,
  sent_at timestamptz,
  due_at timestamptz,
  answered_at timestamptz,
  version integer NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX referrals_inbox ON referrals (to_unit_id, state, sent_at DESC);
CREATE INDEX referrals_outbox ON referrals (from_unit_id, state, created_at DESC);
CREATE INDEX referrals_case ON referrals (case_file_id);
-- Access checks: does this agency hold an accepted referral of this case file?
CREATE INDEX referrals_access ON referrals (case_file_id, to_agency_id) WHERE state IN ('ENVIADA', 'ACEPTADA', 'EN_CURSO');

CREATE TABLE care_plans (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  unit_id uuid NOT NULL REFERENCES units(id),
  author_user_id uuid REFERENCES users(id),
  state text NOT NULL,
  plan_version integer NOT NULL,
  review_due_on date,
  version integer NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX care_plans_case ON care_plans (case_file_id);
-- One plan in force per case file; a finished plan stays as history.
CREATE UNIQUE INDEX care_plans_one_open ON care_plans (case_file_id) WHERE state NOT IN ('CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO');
CREATE INDEX care_plans_review ON care_plans (unit_id, review_due_on) WHERE state IN ('APROBADO', 'EN_EJECUCION');

-- How many people a shelter can take (units with is_shelter).
ALTER TABLE units ADD COLUMN shelter_capacity integer CHECK (shelter_capacity IS NULL OR shelter_capacity >= 0);

CREATE TABLE shelter_stays (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  shelter_unit_id uuid REFERENCES units(id),
  kind text NOT NULL,
  state text NOT NULL,
  entered_on date,
  left_on date,
  exit_reason text,
  version integer NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX shelter_stays_case ON shelter_stays (case_file_id);
CREATE INDEX shelter_stays_occupancy ON shelter_stays (shelter_unit_id) WHERE state IN ('INGRESO', 'PERMANENCIA');

CREATE TABLE services (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  unit_id uuid NOT NULL REFERENCES units(id),
  kind text NOT NULL,
  delivered_on date NOT NULL,
  version integer NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL
);
CREATE INDEX services_case ON services (case_file_id, delivered_on);

CREATE TABLE proceedings (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  stage text NOT NULL,
  stage_on date NOT NULL,
  version integer NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX proceedings_case ON proceedings (case_file_id);

-- An accepted referral shares the case file with the receiving agency (record_access, basis
-- REFERRAL) until it is completed, not carried out, or revoked: the share names its referral.
ALTER TABLE record_access ADD COLUMN referral_id uuid;
CREATE INDEX record_access_referral ON record_access (referral_id) WHERE referral_id IS NOT NULL;

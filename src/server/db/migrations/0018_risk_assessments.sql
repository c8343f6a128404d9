-- Enlace 0018: risk assessments (domain-spec §6.10), made at intake and whenever circumstances
-- change, as records of the action log like the rest of the follow-up area. The factors and the
-- safety plan are sealed under the person's key; the kind, level and review day stay readable for
-- the plan's rules, the next follow-up and the person's route.
ALTER TABLE actions DROP CONSTRAINT actions_entity_type_check;
ALTER TABLE actions ADD CONSTRAINT actions_entity_type_check
  CHECK (entity_type IN ('person', 'case_file', 'match', 'followup', 'referral', 'care_plan', 'shelter_stay', 'service', 'proceeding', 'risk_assessment'));

CREATE TABLE risk_assessments (
  id uuid PRIMARY KEY,
  case_file_id uuid NOT NULL,
  person_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  unit_id uuid NOT NULL REFERENCES units(id),
  kind text NOT NULL,
  level text NOT NULL CHECK (level IN ('BAJO', 'MEDIO', 'ALTO', 'CRITICO')),
  assessed_on date NOT NULL,
  next_review_on date NOT NULL,
  version integer NOT NULL,
  sealed bytea,
  created_at timestamptz NOT NULL
);
CREATE INDEX risk_assessments_case ON risk_assessments (case_file_id, assessed_on);

-- The person's route reads every record of a person at once.
CREATE INDEX followups_person ON followups (person_id);
CREATE INDEX referrals_person ON referrals (person_id);
CREATE INDEX care_plans_person ON care_plans (person_id);
CREATE INDEX shelter_stays_person ON shelter_stays (person_id);
CREATE INDEX services_person ON services (person_id);
CREATE INDEX proceedings_person ON proceedings (person_id);
CREATE INDEX risk_assessments_person ON risk_assessments (person_id);

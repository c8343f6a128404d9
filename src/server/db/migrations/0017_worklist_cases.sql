-- Enlace 0017: the worklist's per-case projection. A unit's worklist asks, for each of its active
-- case files, which unit leads its care, whether it waits for a plan, and since when its person
-- has not been reached. Computed at every request from case_files, care_leads, care_plans and
-- case_contacts, the busiest unit's worklist took ~2 s at 100,000 case files; kept here instead,
-- one row per ACTIVE case file, rewritten in the same transaction as every action that changes
-- one of those facts (src/server/actions/worklist-cases.ts), it is read from two small indexes.
CREATE TABLE worklist_cases (
  case_file_id uuid PRIMARY KEY,
  -- The unit that registered the case file, unless an accepted lead referral moved its care.
  lead_unit_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL,
  person_id uuid NOT NULL,
  code text NOT NULL,
  state text NOT NULL,
  last_contact_on date,
  -- The last contact made, or the detection day when the person was never reached.
  contact_since date NOT NULL,
  -- In care (EN_ATENCION) without a plan in force.
  needs_plan boolean NOT NULL
);
CREATE INDEX worklist_cases_needs_plan ON worklist_cases (lead_unit_id, code, case_file_id) WHERE needs_plan;
CREATE INDEX worklist_cases_contact ON worklist_cases (lead_unit_id, contact_since, code, case_file_id);

INSERT INTO worklist_cases (case_file_id, lead_unit_id, owner_agency_id, person_id, code, state, last_contact_on, contact_since, needs_plan)
SELECT c.id, coalesce(l.unit_id, c.registering_unit_id), c.owner_agency_id, c.person_id, c.code, c.state, cc.last_contact_on, coalesce(cc.last_contact_on, c.detection_date),
       c.state = 'EN_ATENCION' AND NOT EXISTS (SELECT 1 FROM care_plans p WHERE p.case_file_id = c.id AND p.state NOT IN ('CUMPLIDO', 'CUMPLIDO_PARCIALMENTE', 'INTERRUMPIDO'))
  FROM case_files c LEFT JOIN care_leads l ON l.case_file_id = c.id LEFT JOIN case_contacts cc ON cc.case_file_id = c.id
 WHERE c.state IN ('DETECTADO', 'EN_IDENTIFICACION', 'ATENCION_INMEDIATA', 'DERIVADO_PENDIENTE', 'EN_ATENCION', 'EN_REINTEGRACION', 'EN_SEGUIMIENTO');

ANALYZE worklist_cases;

-- The follow-ups due read page by page in (day, id) order: the id in the index spares a sort and
-- lets a page start after the last one shown (keyset pagination).
DROP INDEX followups_unit_due;
DROP INDEX followups_user_due;
CREATE INDEX followups_unit_due ON followups (unit_id, due_on, id) WHERE state = 'PROGRAMADO';
CREATE INDEX followups_user_due ON followups (assigned_user_id, due_on, id) WHERE state = 'PROGRAMADO';

-- Enlace 0027: what indicators B7 (plan on time, goals by dimension), B4 (assisted and
-- reintegrated) and C12 (civil reparation) read, as open columns beside the sealed records: the
-- day a plan was approved and its goals as codes (dimension, status — never the objectives
-- written), where the civil reparation stands (ordered, paid in part, paid — never the amounts)
-- and whether the victim is civil party. The day a case file first entered care is kept in its
-- open data (careStartedOn), like the state it was suspended from.
ALTER TABLE care_plans ADD COLUMN approved_on date;
-- [{"dimension": code, "status": code}, …]; NULL for plans written before this column, until
-- they change again or the projections are rebuilt (enlace rebuild-projections).
ALTER TABLE care_plans ADD COLUMN goals jsonb;
ALTER TABLE proceedings ADD COLUMN reparation text CHECK (reparation IS NULL OR reparation IN ('ORDENADA', 'PAGADA_PARCIALMENTE', 'PAGADA'));
ALTER TABLE proceedings ADD COLUMN civil_party boolean;

-- What the action log says in clear already: the day of each approval, the first entry in care.
UPDATE care_plans p SET approved_on = a.day
  FROM (SELECT entity_id, max((payload->>'today')::date) AS day FROM actions
         WHERE action_type = 'plan.transitioned' AND payload->>'to' = 'APROBADO' GROUP BY entity_id) a
 WHERE a.entity_id = p.id;
UPDATE case_files c SET data = c.data || jsonb_build_object('careStartedOn', a.day)
  FROM (SELECT entity_id, to_char(min(created_at AT TIME ZONE 'UTC' - interval '5 hours'), 'YYYY-MM-DD') AS day FROM actions
         WHERE action_type = 'case.transitioned' AND payload->>'to' = 'EN_ATENCION' GROUP BY entity_id) a
 WHERE a.entity_id = c.id AND c.data->>'careStartedOn' IS NULL;

-- Statistics ask whether anything changed since their snapshot (the latest change of each table
-- they read), each from an index rather than a scan.
CREATE INDEX care_plans_updated ON care_plans (updated_at);
CREATE INDEX proceedings_updated ON proceedings (updated_at);
CREATE INDEX referrals_updated ON referrals (updated_at);
CREATE INDEX shelter_stays_updated ON shelter_stays (updated_at);
CREATE INDEX followups_updated ON followups (updated_at);

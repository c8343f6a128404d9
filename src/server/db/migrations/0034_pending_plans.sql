-- Enlace 0034: reintegration plans sent for approval (four eyes, §6.10), by the unit holding them:
-- what the approvers' worklist and alerts read beside the case files' pending proposals (0033).
CREATE INDEX care_plans_pending_approval ON care_plans (unit_id) WHERE state = 'EN_VALIDACION_CON_LA_PERSONA';

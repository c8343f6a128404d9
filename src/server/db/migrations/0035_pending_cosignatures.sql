-- Enlace 0035: consents to a public image or testimony waiting for a head of unit's second
-- signature (§10.2): what the approvers' worklist and alerts read beside 0033 and 0034.
CREATE INDEX consents_awaiting_cosignature ON consents (owner_agency_id)
  WHERE granted AND withdrawn_at IS NULL AND cosigned_at IS NULL AND purpose IN ('IMAGEN_O_TESTIMONIO_PUBLICO');

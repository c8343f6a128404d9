-- Enlace 0023: two states of a consent beyond given and withdrawn (domain-spec §10.2, §10.3).
-- `lapsed_at`: a consent a representative gave for a child who has come of age since; it stays as
-- historical basis only, the shares resting on it are revoked, and the young adult is asked for
-- her own. `cosigned_*`: a consent to a public image or testimony holds only once the head of unit
-- (a user other than the one who took it) co-signs it.
ALTER TABLE consents ADD COLUMN lapsed_at timestamptz;
ALTER TABLE consents ADD COLUMN cosigned_by uuid REFERENCES users(id);
ALTER TABLE consents ADD COLUMN cosigned_at timestamptz;
ALTER TABLE consents ADD CONSTRAINT consents_cosigner_other CHECK (cosigned_by IS NULL OR cosigned_by <> taken_by);
-- The consents that may lapse at 18: given for a child by a representative, still in force.
CREATE INDEX consents_for_children ON consents (owner_agency_id)
  WHERE granted AND withdrawn_at IS NULL AND lapsed_at IS NULL AND given_by IN ('REPRESENTANTE_LEGAL', 'UPE_DPE_O_AUTORIDAD_TUTELAR');

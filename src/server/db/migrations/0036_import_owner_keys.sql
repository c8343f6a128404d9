-- Enlace 0036: an import writes a person, a case file and an import record per row, and the
-- foreign keys from them to the directory (owner agency, registering unit) and to the import batch
-- ran five look-ups per row: a third of the server's CPU in bench:import (3.3 s → 2.3 s of
-- server CPU for 30,000 rows without them). Those rows are written only with the acting user's own
-- agency and unit and the batch being run; what the keys guarded, that an agency, unit or batch
-- named by a record never disappears nor changes its id, is kept by refusing that, as 0019 did for
-- the action log. The key between the records themselves (a case file's person) stays.
ALTER TABLE persons DROP CONSTRAINT IF EXISTS persons_owner_agency_id_fkey;
ALTER TABLE case_files DROP CONSTRAINT IF EXISTS case_files_owner_agency_id_fkey;
ALTER TABLE case_files DROP CONSTRAINT IF EXISTS case_files_registering_unit_id_fkey;
ALTER TABLE import_records DROP CONSTRAINT IF EXISTS import_records_agency_id_fkey;
ALTER TABLE import_records DROP CONSTRAINT IF EXISTS import_records_batch_id_fkey;

CREATE FUNCTION enlace_keep_record_owners() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
    RETURN NEW;
  END IF;
  IF (TG_TABLE_NAME = 'agencies' AND (EXISTS (SELECT 1 FROM persons WHERE owner_agency_id = OLD.id)
                                      OR EXISTS (SELECT 1 FROM case_files WHERE owner_agency_id = OLD.id)
                                      OR EXISTS (SELECT 1 FROM import_records WHERE agency_id = OLD.id)))
     OR (TG_TABLE_NAME = 'units' AND EXISTS (SELECT 1 FROM case_files WHERE registering_unit_id = OLD.id))
     OR (TG_TABLE_NAME = 'import_batches' AND EXISTS (SELECT 1 FROM import_records WHERE batch_id = OLD.id)) THEN
    RAISE EXCEPTION 'enlace: % % is named by stored records and cannot be deleted or renumbered', TG_TABLE_NAME, OLD.id USING ERRCODE = '23503';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER agencies_keep_record_owners BEFORE DELETE OR UPDATE OF id ON agencies FOR EACH ROW EXECUTE FUNCTION enlace_keep_record_owners();
CREATE TRIGGER units_keep_record_owners BEFORE DELETE OR UPDATE OF id ON units FOR EACH ROW EXECUTE FUNCTION enlace_keep_record_owners();
CREATE TRIGGER import_batches_keep_record_owners BEFORE DELETE OR UPDATE OF id ON import_batches FOR EACH ROW EXECUTE FUNCTION enlace_keep_record_owners();

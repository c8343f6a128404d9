-- Enlace 0028: the change feed of the system-to-system API (docs/AGENCY-API.md §5). Every change
-- to a case file, to its person, to who may see it (a share) or an erasure leaves a row here,
-- written by statement-level triggers so that every writer (a form, an import, an erasure) is
-- caught without knowing of the feed. A row names the case file only: never personal data.
--
-- The row carries the id of the transaction that wrote it (xid8). A reader hands out only rows
-- whose transaction is older than the oldest one still running (pg_snapshot_xmin of its
-- snapshot), in (xid, seq) order: a transaction that took its number earlier but commits later
-- is still running, so nothing past it is handed out until it has committed, and a cursor never
-- moves past a change that is yet to appear.
CREATE TABLE record_changes (
  seq bigserial NOT NULL,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  case_file_id uuid NOT NULL,
  owner_agency_id uuid NOT NULL,
  -- 'data': the case file or its person changed; 'access': a share to `audience_agency_id` was
  -- given, changed or ended; 'erased': the person's identity was destroyed (ARCO cancellation).
  kind text NOT NULL CHECK (kind IN ('data', 'access', 'erased')),
  audience_agency_id uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, seq)
);

CREATE FUNCTION enlace_case_files_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_changes (case_file_id, owner_agency_id, kind) SELECT id, owner_agency_id, 'data' FROM changed_rows;
  RETURN NULL;
END;
$$;
CREATE TRIGGER case_files_insert_feed AFTER INSERT ON case_files REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_case_files_changed();
CREATE TRIGGER case_files_update_feed AFTER UPDATE ON case_files REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_case_files_changed();

-- A person's change is a change of each of her case files (a person is registered before her
-- case file, whose own insert then speaks for both).
CREATE FUNCTION enlace_persons_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_changes (case_file_id, owner_agency_id, kind)
    SELECT c.id, c.owner_agency_id, 'data' FROM changed_rows p JOIN case_files c ON c.person_id = p.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER persons_update_feed AFTER UPDATE ON persons REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_persons_changed();

CREATE FUNCTION enlace_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_changes (case_file_id, owner_agency_id, kind, audience_agency_id)
    SELECT case_file_id, owner_agency_id, 'access', agency_id FROM changed_rows;
  RETURN NULL;
END;
$$;
CREATE TRIGGER record_access_insert_feed AFTER INSERT ON record_access REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_access_changed();
CREATE TRIGGER record_access_update_feed AFTER UPDATE ON record_access REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_access_changed();

CREATE FUNCTION enlace_erasure_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_changes (case_file_id, owner_agency_id, kind)
    SELECT c.id, c.owner_agency_id, 'erased' FROM changed_rows e JOIN case_files c ON c.person_id = e.person_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER erasures_feed AFTER INSERT ON erasures REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_erasure_feed();

-- The records already there start the feed, oldest first.
INSERT INTO record_changes (case_file_id, owner_agency_id, kind, changed_at)
  SELECT id, owner_agency_id, 'data', updated_at FROM case_files ORDER BY updated_at, id;

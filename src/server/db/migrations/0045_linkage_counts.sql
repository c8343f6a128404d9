-- Enlace 0045: the counts of the linkage summary (records and unique persons per agency and in
-- total, persons shared by each pair of agencies) are kept as the records and groups change, by
-- triggers, in the transaction that changes them (a changed group is noted there and counted again
-- by the next summary). The summary counted every person and joined the
-- groups to the persons on each request: 30 ms of database CPU at 20,000 case files, 10 % of the
-- soak's mix at 0.5 % of its requests, and growing with the registry. It now reads a few rows.
-- Triggers rather than the code's writers: persons and groups are written by registrations,
-- imports, linking on arrival, review decisions, unmerges, the batch linkage and the rebuild of the
-- projections; every one of them is counted, and a new writer cannot forget to.
--
-- The matches awaiting review are kept too: counting them read every one of them (1.8 ms with
-- 2,900 waiting, as the soak leaves them after a few runs).
--
-- A person outside person_groups is a group of her own; so, per agency,
--   persons = records − records in groups + groups holding one of its records,
-- and in total the same with every group once. Overlap: groups holding records of both agencies.

-- Records per agency, as changes appended by every write and summed by the summary, which first
-- folds the committed ones into one row per agency (enlace_linkage_fold). Appended, never updated:
-- a counter row updated by each registration is locked until it commits, so concurrent
-- registrations queue on it, and two that update two such rows in opposite orders deadlock (striped
-- rows, one per connection, did: a registration failed with 40P01 in bench:api).
CREATE TABLE linkage_agency_records (
  agency_id uuid NOT NULL,
  records integer NOT NULL
);

-- Matches awaiting review (PENDING_REVIEW, UNSURE), changes appended in the same way.
CREATE TABLE linkage_review_counts (
  matches integer NOT NULL
);

-- Groups changed since they were last counted: a write only appends its groups here, and the
-- summary counts them again before it reads (enlace_linkage_fold), all those of many
-- registrations in one statement. Counting each group in the registration that changed it cost
-- about 1 ms of database time for each registration that links (nearly all in the soak).
CREATE TABLE linkage_regrouped (
  group_id uuid NOT NULL
);

-- Each group's records per agency: what a change of a group is counted against.
CREATE TABLE linkage_group_agencies (
  group_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  records integer NOT NULL
);
CREATE INDEX linkage_group_agencies_group ON linkage_group_agencies (group_id);

-- Per agency (agency_a = agency_b): its records in groups and the groups holding one of them.
-- Per pair of agencies (agency_a < agency_b): the groups holding records of both (records 0).
-- Every agency (both the nil uuid): all records in groups and all groups.
-- Written under the regrouping lock only, so one row each is enough.
CREATE TABLE linkage_group_counts (
  agency_a uuid NOT NULL,
  agency_b uuid NOT NULL,
  records integer NOT NULL,
  groups integer NOT NULL,
  PRIMARY KEY (agency_a, agency_b)
);

-- A transaction that writes records one statement at a time by the thousand (the rebuild of the
-- projections) sets enlace.linkage_counts to 'later' and calls enlace_linkage_count_all at its end:
-- a row updated again and again inside one transaction keeps every version until it commits, and
-- each update walks them (100,000 records one by one: 3 s without the counts, 55 s with them).
CREATE FUNCTION enlace_linkage_counted_later() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('enlace.linkage_counts', true), '') = 'later'
$$;

-- Counts again the given groups as person_groups and persons now hold them, against what was kept
-- for them. Under the regrouping lock, which every writer of groups holds until it commits: the
-- groups read are those the last holder committed.
CREATE FUNCTION enlace_linkage_recount(touched uuid[]) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF touched IS NULL OR cardinality(touched) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('enlace.regroup'));
  -- The DELETE and the INSERT share one snapshot: the rows taken out are the earlier count only.
  WITH earlier AS (
    DELETE FROM linkage_group_agencies WHERE group_id IN (SELECT unnest(touched))
    RETURNING group_id, agency_id, records, -1 AS sign),
  later AS (
    INSERT INTO linkage_group_agencies (group_id, agency_id, records)
    SELECT g.group_id, p.owner_agency_id, count(*)::int FROM person_groups g JOIN persons p ON p.id = g.person_id
     WHERE g.group_id IN (SELECT unnest(touched)) GROUP BY 1, 2
    RETURNING group_id, agency_id, records, 1 AS sign),
  change AS (SELECT * FROM earlier UNION ALL SELECT * FROM later),
  delta AS (
    SELECT agency_id AS agency_a, agency_id AS agency_b, sum(sign * records)::int AS records, sum(sign)::int AS groups FROM change GROUP BY agency_id
    UNION ALL
    SELECT x.agency_id, y.agency_id, 0, sum(x.sign)::int
      FROM change x JOIN change y ON y.group_id = x.group_id AND y.sign = x.sign AND x.agency_id < y.agency_id
     GROUP BY x.agency_id, y.agency_id
    UNION ALL
    SELECT '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid, coalesce(sum(sign * records), 0)::int,
           (count(DISTINCT group_id) FILTER (WHERE sign = 1) - count(DISTINCT group_id) FILTER (WHERE sign = -1))::int
      FROM change)
  INSERT INTO linkage_group_counts AS c (agency_a, agency_b, records, groups)
  SELECT agency_a, agency_b, records, groups FROM delta WHERE records <> 0 OR groups <> 0 ORDER BY agency_a, agency_b
  ON CONFLICT (agency_a, agency_b) DO UPDATE SET records = c.records + excluded.records, groups = c.groups + excluded.groups;
END
$$;

-- The summary's first step. The changes of records and matches appended so far become one row per
-- agency and one for the matches (the sums stay right without it; it keeps the tables small), and
-- the groups changed by the transactions committed so far are counted again.
CREATE FUNCTION enlace_linkage_fold() RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  touched uuid[];
BEGIN
  -- One fold at a time; another summary meanwhile sums the rows as they are. Each statement has one
  -- snapshot: the rows taken out are those summed back in, and the changes of transactions not yet
  -- committed stay, for a later fold.
  IF pg_try_advisory_xact_lock(hashtext('enlace.linkage_fold')) THEN
    WITH taken AS (DELETE FROM linkage_agency_records RETURNING agency_id, records)
    INSERT INTO linkage_agency_records (agency_id, records)
    SELECT agency_id, sum(records)::int FROM taken GROUP BY agency_id HAVING sum(records) <> 0;
    WITH taken AS (DELETE FROM linkage_review_counts RETURNING matches)
    INSERT INTO linkage_review_counts (matches) SELECT sum(matches)::int FROM taken HAVING sum(matches) <> 0;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM linkage_regrouped) THEN
    RETURN;
  END IF;
  -- The lock comes first, so the groups taken and read are those of committed transactions only.
  PERFORM pg_advisory_xact_lock(hashtext('enlace.regroup'));
  WITH taken AS (DELETE FROM linkage_regrouped RETURNING group_id)
  SELECT array_agg(DISTINCT group_id) INTO touched FROM taken;
  PERFORM enlace_linkage_recount(touched);
END
$$;

CREATE FUNCTION enlace_linkage_groups_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT enlace_linkage_counted_later() THEN
    INSERT INTO linkage_regrouped (group_id) SELECT DISTINCT group_id FROM inserted_groups;
  END IF;
  RETURN NULL;
END
$$;
CREATE FUNCTION enlace_linkage_groups_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT enlace_linkage_counted_later() THEN
    INSERT INTO linkage_regrouped (group_id) SELECT DISTINCT group_id FROM deleted_groups;
  END IF;
  RETURN NULL;
END
$$;
-- Rows rewritten with the group they had (a join rewrites every member) change no count.
CREATE FUNCTION enlace_linkage_groups_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT enlace_linkage_counted_later() THEN
    INSERT INTO linkage_regrouped (group_id)
    SELECT DISTINCT g FROM groups_before b FULL JOIN groups_after a USING (person_id), unnest(ARRAY[b.group_id, a.group_id]) AS g
     WHERE a.group_id IS DISTINCT FROM b.group_id AND g IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER person_groups_counted_in AFTER INSERT ON person_groups REFERENCING NEW TABLE AS inserted_groups
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_groups_inserted();
CREATE TRIGGER person_groups_counted_out AFTER DELETE ON person_groups REFERENCING OLD TABLE AS deleted_groups
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_groups_deleted();
CREATE TRIGGER person_groups_counted_again AFTER UPDATE ON person_groups REFERENCING OLD TABLE AS groups_before NEW TABLE AS groups_after
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_groups_updated();

CREATE FUNCTION enlace_linkage_persons_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF enlace_linkage_counted_later() THEN
    RETURN NULL;
  END IF;
  INSERT INTO linkage_agency_records (agency_id, records)
  SELECT owner_agency_id, count(*)::int FROM inserted_persons GROUP BY 1;
  RETURN NULL;
END
$$;
CREATE FUNCTION enlace_linkage_persons_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF enlace_linkage_counted_later() THEN
    RETURN NULL;
  END IF;
  INSERT INTO linkage_agency_records (agency_id, records)
  SELECT owner_agency_id, -count(*)::int FROM deleted_persons GROUP BY 1;
  RETURN NULL;
END
$$;
-- No writer moves a record to another agency today; one that did would still be counted.
CREATE FUNCTION enlace_linkage_person_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF enlace_linkage_counted_later() THEN
    RETURN NULL;
  END IF;
  INSERT INTO linkage_agency_records (agency_id, records) VALUES (OLD.owner_agency_id, -1), (NEW.owner_agency_id, 1);
  INSERT INTO linkage_regrouped (group_id) SELECT group_id FROM person_groups WHERE person_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER persons_counted_in AFTER INSERT ON persons REFERENCING NEW TABLE AS inserted_persons
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_persons_inserted();
CREATE TRIGGER persons_counted_out AFTER DELETE ON persons REFERENCING OLD TABLE AS deleted_persons
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_persons_deleted();
CREATE TRIGGER persons_counted_moved AFTER UPDATE OF owner_agency_id ON persons
  FOR EACH ROW WHEN (OLD.owner_agency_id IS DISTINCT FROM NEW.owner_agency_id) EXECUTE FUNCTION enlace_linkage_person_moved();

-- One statement each, nothing written when no match awaiting review came or went.
CREATE FUNCTION enlace_linkage_matches_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT enlace_linkage_counted_later() THEN
    INSERT INTO linkage_review_counts (matches)
    SELECT count(*)::int FROM inserted_matches WHERE status IN ('PENDING_REVIEW', 'UNSURE') HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END
$$;
CREATE FUNCTION enlace_linkage_matches_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT enlace_linkage_counted_later() THEN
    INSERT INTO linkage_review_counts (matches)
    SELECT -count(*)::int FROM deleted_matches WHERE status IN ('PENDING_REVIEW', 'UNSURE') HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END
$$;
CREATE FUNCTION enlace_linkage_matches_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT enlace_linkage_counted_later() THEN
    INSERT INTO linkage_review_counts (matches)
    SELECT change FROM (
      SELECT (SELECT count(*) FROM matches_after WHERE status IN ('PENDING_REVIEW', 'UNSURE'))
           - (SELECT count(*) FROM matches_before WHERE status IN ('PENDING_REVIEW', 'UNSURE')) AS change) AS c
     WHERE change <> 0;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER matches_counted_in AFTER INSERT ON matches REFERENCING NEW TABLE AS inserted_matches
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_matches_inserted();
CREATE TRIGGER matches_counted_out AFTER DELETE ON matches REFERENCING OLD TABLE AS deleted_matches
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_matches_deleted();
CREATE TRIGGER matches_counted_again AFTER UPDATE ON matches REFERENCING OLD TABLE AS matches_before NEW TABLE AS matches_after
  FOR EACH STATEMENT EXECUTE FUNCTION enlace_linkage_matches_updated();

-- Every count from scratch, and counting as rows are written again from here on.
CREATE FUNCTION enlace_linkage_count_all() RETURNS void LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('enlace.linkage_counts', '', true);
  PERFORM pg_advisory_xact_lock(hashtext('enlace.regroup'));
  DELETE FROM linkage_agency_records;
  DELETE FROM linkage_group_agencies;
  DELETE FROM linkage_group_counts;
  DELETE FROM linkage_regrouped;
  DELETE FROM linkage_review_counts;
  INSERT INTO linkage_review_counts (matches) SELECT count(*)::int FROM matches WHERE status IN ('PENDING_REVIEW', 'UNSURE');
  INSERT INTO linkage_agency_records (agency_id, records) SELECT owner_agency_id, count(*)::int FROM persons GROUP BY 1;
  PERFORM enlace_linkage_recount(ARRAY(SELECT DISTINCT group_id FROM person_groups));
END
$$;

-- The records and groups already stored.
SELECT enlace_linkage_count_all();

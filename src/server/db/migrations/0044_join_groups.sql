-- Enlace 0044: a new person linked at once joins her candidates' groups inside her registration's
-- one statement, called as its last SELECT once her row is written. It was three statements more
-- (BEGIN, the join after the registration, COMMIT), the regrouping lock held across those round
-- trips through a busy server: every registration that links waited for it.
-- Every record of the groups of `linked`, the lone ones among them and the new person take the
-- smallest id among them as their group (as regroup and the batch leave them: groups are whole).
-- VOLATILE, so each statement in it takes a snapshot of its own: the join, begun once the lock is
-- held, sees the groups the last holder committed (READ COMMITTED; the lock lasts until commit).
CREATE FUNCTION enlace_join_groups(new_person uuid, linked_ids uuid[]) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  written integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('enlace.regroup'));
  -- The smallest id as text, as groupsOf compares them (PostgreSQL 15 has no min(uuid)).
  WITH joined AS (
    SELECT DISTINCT coalesce(g.group_id, l.id) AS group_id FROM unnest(linked_ids) AS l(id) LEFT JOIN person_groups g ON g.person_id = l.id),
  members AS (
    SELECT g.person_id AS id FROM person_groups g WHERE g.group_id IN (SELECT group_id FROM joined)
    UNION SELECT unnest(linked_ids) UNION SELECT new_person)
  INSERT INTO person_groups (person_id, group_id) SELECT id, (SELECT min(id::text)::uuid FROM members) FROM members
  ON CONFLICT (person_id) DO UPDATE SET group_id = excluded.group_id;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;

-- Enlace 0002: record linkage inside the system. Proposed and decided matches between person
-- records are actions like any other; groups of linked records (persons across agencies) are a
-- projection of the links in force.

ALTER TABLE actions DROP CONSTRAINT actions_entity_type_check;
ALTER TABLE actions ADD CONSTRAINT actions_entity_type_check CHECK (entity_type IN ('person', 'case_file', 'match'));

CREATE TABLE matches (
  id uuid PRIMARY KEY,
  person_a uuid NOT NULL REFERENCES persons(id),
  person_b uuid NOT NULL REFERENCES persons(id),
  status text NOT NULL CHECK (status IN ('LINKED_AUTO', 'PENDING_REVIEW', 'CONFIRMED', 'REJECTED', 'UNSURE', 'UNLINKED')),
  probability double precision NOT NULL,
  explanation jsonb NOT NULL,
  version integer NOT NULL,
  decided_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (person_a < person_b),
  UNIQUE (person_a, person_b)
);
CREATE INDEX matches_status ON matches (status, probability DESC);
CREATE INDEX matches_person_b ON matches (person_b);

-- Each person record's group: the smallest record id among the records linked to it.
CREATE TABLE person_groups (
  person_id uuid PRIMARY KEY REFERENCES persons(id),
  group_id uuid NOT NULL
);
CREATE INDEX person_groups_group ON person_groups (group_id);

-- Where the in-process linkage index stands in the person projection (for incremental refresh).
CREATE INDEX persons_updated ON persons (updated_at);

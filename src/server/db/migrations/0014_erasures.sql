-- Enlace 0014: the right of cancellation (Ley 29733, ARCO). Erasing a person destroys her data
-- key: her identity, notes and every sealed value become unreadable for good, while her case
-- files, statistics and the history of actions stay. This table remembers that it was done, by
-- whom and on which request; it is not a projection, so a rebuild of the projections keeps it.
CREATE TABLE erasures (
  person_id uuid PRIMARY KEY,
  owner_agency_id uuid NOT NULL REFERENCES agencies(id),
  erased_at timestamptz NOT NULL DEFAULT now(),
  erased_by uuid NOT NULL REFERENCES users(id),
  request_reference text NOT NULL
);

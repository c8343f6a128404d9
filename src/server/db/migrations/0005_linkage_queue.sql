-- Enlace 0005: person records waiting to be linked. A record registered while the linkage index
-- is still being built (after a restart) is queued in the same transaction as its registration,
-- so a crash cannot lose it; the server links the queue as soon as the index is ready.
CREATE TABLE linkage_queue (
  person_id uuid PRIMARY KEY REFERENCES persons(id),
  enqueued_at timestamptz NOT NULL DEFAULT now()
);

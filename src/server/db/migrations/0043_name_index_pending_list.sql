-- Enlace 0043: the name and document indexes (GIN) file new entries in a pending list first and
-- sort them into the index later (at vacuum, or when the list passes its limit, 4 MB by default).
-- Every search reads the whole pending list: on a freshly loaded database it held ~28,000 entries
-- and a count by a given name took 16 ms, 3 ms after a vacuum. A 256 kB limit keeps that read
-- short; the sorting-in costs the same in total, done more often in smaller pieces.
ALTER INDEX persons_name_tokens SET (gin_pending_list_limit = 256);
ALTER INDEX persons_document_index SET (gin_pending_list_limit = 256);

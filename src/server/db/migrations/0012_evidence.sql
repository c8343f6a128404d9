-- Enlace 0012: statistics know cheaply whether anything changed since they were computed: the
-- latest change of case files, persons and links, each read from an index.
CREATE INDEX case_files_updated ON case_files (updated_at);
CREATE INDEX matches_updated ON matches (updated_at);

-- Enlace 0033: the case files with a move proposed and waiting for a second person's approval
-- (§8.1 four eyes), by the unit holding them: what the approvers' worklist and alerts read.
CREATE INDEX case_files_pending_proposal ON case_files (registering_unit_id) WHERE data ? 'closureProposal';

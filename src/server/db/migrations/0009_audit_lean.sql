-- Enlace 0009: every read writes an audit entry, so an entry must be cheap to insert. The foreign
-- key to audit_chains ran a lookup per entry; the chain's integrity is checked by its hashes and
-- its head (`enlace audit verify`), which a foreign key never could.
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_chain_fkey;

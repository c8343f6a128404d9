-- Enlace 0011: a second factor (TOTP) per user, sealed under the vault's service key; the last
-- time step accepted, so that a code is never accepted twice; and sessions that wait for it.
ALTER TABLE users ADD COLUMN totp_secret bytea;
ALTER TABLE users ADD COLUMN totp_pending bytea;
ALTER TABLE users ADD COLUMN totp_last_step bigint;
ALTER TABLE sessions ADD COLUMN second_factor_pending boolean NOT NULL DEFAULT false;

-- The last accepted TOTP time step per user: a code is accepted only once.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

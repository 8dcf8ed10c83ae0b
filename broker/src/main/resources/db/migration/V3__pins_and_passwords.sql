-- PINs and passwords, kept only as slow salted hashes (PBKDF2-HMAC-SHA256); the time of the
-- user's last full authentication (password, or PIN after a tap) for the PIN grace period; and
-- the wrong-PIN count that locks a user out.
ALTER TABLE users ADD COLUMN pin_hash VARCHAR(200);
ALTER TABLE users ADD COLUMN password_hash VARCHAR(200);
ALTER TABLE users ADD COLUMN last_full_auth TIMESTAMP;
ALTER TABLE users ADD COLUMN failed_attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP;

-- A PIN asked for after a tap: good for one endpoint and user, for a few minutes.
CREATE TABLE pin_challenges (
    token       CHAR(43)    PRIMARY KEY,
    user_id     VARCHAR(64) NOT NULL REFERENCES users (id),
    endpoint_id VARCHAR(64) NOT NULL,
    expires_at  TIMESTAMP   NOT NULL
);

-- Per-admin accounts replace the one shared admin token (dropped below).
-- role: viewer, helpdesk or admin. password_hash: a SlowHash string. totp_secret: the RFC 6238
-- secret sealed (AES-GCM) under a key kept outside the database, never the secret itself.
CREATE TABLE admins (
    name          VARCHAR(64)  PRIMARY KEY,
    role          VARCHAR(16)  NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    totp_secret   VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP    NOT NULL,
    disabled      BOOLEAN      DEFAULT FALSE NOT NULL
);

-- A logged-in admin's bearer token, kept only as its SHA-256 (hex), good until expires_at.
CREATE TABLE admin_sessions (
    token_sha256 CHAR(64)    PRIMARY KEY,
    admin_name   VARCHAR(64) NOT NULL REFERENCES admins (name),
    expires_at   TIMESTAMP   NOT NULL
);
CREATE INDEX admin_sessions_admin ON admin_sessions (admin_name);

-- Who acted: an admin's name, local:USER for a tool that opened the store itself, NULL for the
-- broker's own rows (taps, takeovers).
ALTER TABLE audit ADD COLUMN actor VARCHAR(64);

DELETE FROM settings WHERE setting_name = 'admin-token-sha256';

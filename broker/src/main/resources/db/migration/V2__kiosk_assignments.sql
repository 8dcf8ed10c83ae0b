-- A kiosk endpoint shows one shared account's desktop (reception, triage); the account has no
-- badge and is used nowhere else. One account per kiosk.
CREATE TABLE kiosk_assignments (
    endpoint_id VARCHAR(64) PRIMARY KEY,
    user_id     VARCHAR(64) NOT NULL REFERENCES users (id),
    assigned_at TIMESTAMP   NOT NULL
);
CREATE INDEX kiosk_assignments_user ON kiosk_assignments (user_id);

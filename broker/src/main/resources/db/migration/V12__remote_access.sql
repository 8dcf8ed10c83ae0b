-- Remote access from outside the hospital (issue 21).

-- Gateways, enrolled as desktop hosts are: an admin adds one and gets a one-time code (only its
-- SHA-256 kept, cleared once used); the gateway trades it for a certificate naming it
-- (urn:rounds:gateway:NAME). status: pending (code issued), enrolled, revoked.
CREATE TABLE gateways (
    name         VARCHAR(64) PRIMARY KEY,
    status       VARCHAR(16) NOT NULL,
    code_hash    CHAR(64),
    code_expires TIMESTAMP,
    created_at   TIMESTAMP   NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE UNIQUE INDEX gateways_code ON gateways (code_hash);

-- Every gateway certificate the broker CA issued, by serial (hex), for revocation.
CREATE TABLE gateway_certificates (
    serial       VARCHAR(40) PRIMARY KEY,
    gateway_name VARCHAR(64) NOT NULL REFERENCES gateways (name),
    issued_at    TIMESTAMP   NOT NULL,
    not_after    TIMESTAMP   NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE INDEX gateway_certificates_gateway ON gateway_certificates (gateway_name);

-- A user's TOTP secret for signing in from outside, sealed (AES-GCM) under the key beside the
-- brokers' key file, as admins' are: never the secret itself. last_step is the last 30-second
-- step whose code was accepted (a code is good once: only later steps pass), last_tap_id the
-- sign-in that used it (its retry passes again and gets the same decision).
CREATE TABLE user_totp (
    user_id     VARCHAR(64)  PRIMARY KEY REFERENCES users (id),
    secret      VARCHAR(200) NOT NULL,
    enrolled_at TIMESTAMP    NOT NULL,
    last_step   BIGINT,
    last_tap_id VARCHAR(64)
);

-- Outside access is refused until an administrator allows it for the user ('rounds broker users
-- outside USER --allow'), and needs a TOTP secret besides. Enrolling a phone is a technical step;
-- letting someone reach patient data from the Internet with a password is a decision a
-- hospital's IT makes per person, and most staff (ward nurses at a cart) never need it: a
-- password guessed or phished must not open a desktop from home for them.
ALTER TABLE users ADD COLUMN outside_allowed BOOLEAN DEFAULT FALSE NOT NULL;

-- Tunnel tickets: what a gateway redeems, once, to open an outside device's tunnel to its
-- desktop. Only SHA-256 of the ticket (32 random bytes) is kept; good for 60 s; bound to the
-- desktop's host and port. Used tickets are deleted; the retention job purges expired ones.
CREATE TABLE tunnel_tickets (
    ticket_sha256 CHAR(64)     PRIMARY KEY,
    user_id       VARCHAR(64)  NOT NULL,
    host          VARCHAR(250) NOT NULL,
    port          INTEGER      NOT NULL,
    expires_at    TIMESTAMP    NOT NULL
);
CREATE INDEX tunnel_tickets_expires ON tunnel_tickets (expires_at);

-- Outside devices register as endpoints of kind 'remote'; endpoints.kind has no check
-- constraint (kinds are checked where endpoints register), so nothing changes there.

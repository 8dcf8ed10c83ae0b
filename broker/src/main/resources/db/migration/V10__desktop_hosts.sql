-- Desktop hosts, a tier of their own. An admin adds a host and gets a one-time enrolment code
-- (only its SHA-256 is kept, cleared once used); the host trades it for a certificate naming it.
-- status: pending (code issued), enrolled (certificate issued), revoked.
-- What the host last said on its control channel (provider, advertised address, pin, capacity,
-- sessions, health) and which broker holds that channel are kept here, so that every broker
-- places desktops alike. A host is down when last_heartbeat is older than a few seconds;
-- drained hosts take no new placements.
CREATE TABLE hosts (
    name           VARCHAR(64)  PRIMARY KEY,
    site           VARCHAR(64)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    code_hash      CHAR(64),
    code_expires   TIMESTAMP,
    drained        BOOLEAN      NOT NULL,
    provider       VARCHAR(16),
    address        VARCHAR(300),
    pin            CHAR(64),
    capacity       INTEGER      NOT NULL,
    sessions       INTEGER      NOT NULL,
    healthy        BOOLEAN      NOT NULL,
    channel_broker VARCHAR(32),
    last_heartbeat TIMESTAMP,
    created_at     TIMESTAMP    NOT NULL,
    revoked_at     TIMESTAMP
);
CREATE UNIQUE INDEX hosts_code ON hosts (code_hash);

-- Every host certificate the broker CA issued, by serial (hex).
CREATE TABLE host_certificates (
    serial     VARCHAR(40) PRIMARY KEY,
    host_name  VARCHAR(64) NOT NULL REFERENCES hosts (name),
    issued_at  TIMESTAMP   NOT NULL,
    not_after  TIMESTAMP   NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX host_certificates_host ON host_certificates (host_name);

-- The host a user's desktop was placed on (null: this broker's in-process desktops); later taps
-- return to it while it is up.
ALTER TABLE desktop_sessions ADD COLUMN desktop_host VARCHAR(64);

-- The site of an endpoint, for placing its users' desktops on a host of the same site.
ALTER TABLE enrolments ADD COLUMN site VARCHAR(64) NOT NULL DEFAULT '';

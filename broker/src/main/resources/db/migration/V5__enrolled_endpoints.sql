-- Enrolled endpoints. An admin adds an endpoint and gets a one-time enrolment code; the store
-- keeps only its SHA-256 (the code is 128 random bits, so a fast hash is enough), cleared once
-- used. status: pending (code issued), enrolled (certificate issued), revoked.
CREATE TABLE enrolments (
    endpoint_id  VARCHAR(64)  PRIMARY KEY,
    kind         VARCHAR(16)  NOT NULL,
    location     VARCHAR(200) NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    code_hash    CHAR(64),
    code_expires TIMESTAMP,
    created_at   TIMESTAMP    NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE UNIQUE INDEX enrolments_code ON enrolments (code_hash);

-- Every client certificate the broker CA issued, by serial (hex). A request is answered only
-- for a serial that is here, not revoked, and whose endpoint is not revoked.
CREATE TABLE endpoint_certificates (
    serial      VARCHAR(40) PRIMARY KEY,
    endpoint_id VARCHAR(64) NOT NULL REFERENCES enrolments (endpoint_id),
    issued_at   TIMESTAMP   NOT NULL,
    not_after   TIMESTAMP   NOT NULL,
    revoked_at  TIMESTAMP
);
CREATE INDEX endpoint_certificates_endpoint ON endpoint_certificates (endpoint_id);

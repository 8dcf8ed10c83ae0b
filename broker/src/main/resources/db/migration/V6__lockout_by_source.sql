-- Wrong PINs and passwords count per (user, source), a source being an endpoint's certificate
-- (cert:NAME) or an address (addr:IP): a stranger's guesses lock only the stranger's source
-- out, never the user's badge on another cart. A right PIN or password clears its own pair; an
-- administrator's new PIN clears them all. The per-user count of V3 is no longer kept.
CREATE TABLE auth_failures (
    user_id         VARCHAR(64)  NOT NULL REFERENCES users (id),
    source          VARCHAR(128) NOT NULL,
    failed_attempts INT          NOT NULL,
    locked_until    TIMESTAMP,
    PRIMARY KEY (user_id, source)
);

ALTER TABLE users DROP COLUMN failed_attempts;
ALTER TABLE users DROP COLUMN locked_until;

-- A tap in two short transactions (issue 20): the first claims the session for the new endpoint at
-- its new generation, the second records the answer; between them, with no database connection
-- held, the old endpoint is told and the desktop is handed over. While claim_tap is set that
-- hand-over is under way (or was cut short): claim_from is the endpoint that showed the desktop
-- before, claim_by the broker doing it, claim_until when others may take the claim over (a
-- broker that died mid-tap blocks its user no longer than that). Any other change of the session
-- clears the claim.
ALTER TABLE desktop_sessions ADD COLUMN claim_tap VARCHAR(64);
ALTER TABLE desktop_sessions ADD COLUMN claim_from VARCHAR(64);
ALTER TABLE desktop_sessions ADD COLUMN claim_by VARCHAR(64);
ALTER TABLE desktop_sessions ADD COLUMN claim_until TIMESTAMP;
-- A retry of the tap id finds its claim (a PIN entry's retry cannot find its user any more).
CREATE INDEX desktop_sessions_claim ON desktop_sessions (tenant_id, claim_tap);

-- Admins belong to a practice (issue 23): V16 gave admins a tenant_id (names stay unique
-- service-wide, so sign-in by name alone finds one row, and that row says the practice).
-- The service role works across practices; only an admin of the default practice (the hospital
-- running the service) may hold it.
ALTER TABLE admins ADD CONSTRAINT admins_service_in_default CHECK (role <> 'service' OR tenant_id = 'default');

-- Reconnect tokens expire 180 s after a drop. dropped_at: when the broker first heard that the
-- session's desktop connection dropped at dropped_generation (the endpoint's first reconnect
-- attempt), used when the desktop pool cannot say when its viewer left; a drop belongs to one
-- generation, so it never outlives its session.
ALTER TABLE desktop_sessions ADD COLUMN dropped_at TIMESTAMP;
ALTER TABLE desktop_sessions ADD COLUMN dropped_generation BIGINT;

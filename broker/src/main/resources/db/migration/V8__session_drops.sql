-- Reconnect tokens expire 180 s after a drop. dropped_at: when the broker first heard that the
-- session's desktop connection dropped (the endpoint's first reconnect attempt), for desktop
-- pools that cannot see their viewers leave; dropped_generation: the generation it belongs to,
-- so a drop never outlives its session. Cleared by a reconnect that succeeds.
ALTER TABLE desktop_sessions ADD COLUMN dropped_at TIMESTAMP;
ALTER TABLE desktop_sessions ADD COLUMN dropped_generation BIGINT;

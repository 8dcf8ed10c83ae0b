-- Limits per practice (issue 23, fairness): so that one practice cannot starve the others.
-- NULL: the broker's default (PracticeLimits.DEFAULT; none for the default practice, the hospital's own).
ALTER TABLE tenants ADD COLUMN max_sessions INTEGER;
ALTER TABLE tenants ADD COLUMN taps_per_second DOUBLE PRECISION;

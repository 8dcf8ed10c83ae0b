-- Keys out of the database (issue 17 §3): the broker's master key lives in a file now, and a
-- badge row names the key its HMAC was made under, so that `rounds broker rotate-key` can keep
-- earlier keys only while badges are still under them (a badge is re-tagged on its next tap).
-- Every row before this migration was made under the key the old code kept in settings
-- ('badge-hmac-key'): the broker moves that key into its key file as a 'legacy' key on its
-- first start and deletes the row (the code does it, not this file, which cannot write a file).
-- NULL: written without naming its key; rotation then keeps every earlier key.
ALTER TABLE badges ADD COLUMN key_id VARCHAR(32);
UPDATE badges SET key_id = 'legacy';

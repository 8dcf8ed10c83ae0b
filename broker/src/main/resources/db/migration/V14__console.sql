-- The console's audit search pages by keyset (id below the last one shown, newest first): each
-- filter needs an index that starts with its column and ends with the id, so that a page is an
-- index range read whatever its depth, over millions of rows. V1 has audit_user (user_id, id).
CREATE INDEX audit_endpoint ON audit (endpoint_id, id);
CREATE INDEX audit_kind ON audit (kind, id);

-- What an endpoint reports of itself when it registers, for the console: its software's version
-- and the badge readers it has seen ("; " between names). NULL until an endpoint reports them.
ALTER TABLE endpoints ADD COLUMN version VARCHAR(64);
ALTER TABLE endpoints ADD COLUMN readers VARCHAR(900);

-- Several brokers on one database. Each broker start has a random id.
-- push_channels: which broker holds an endpoint's push channel (the newest connection wins), so
-- a takeover decided on one broker can tell an endpoint connected to another.
CREATE TABLE push_channels (
    endpoint_id VARCHAR(64) PRIMARY KEY,
    broker_id   VARCHAR(32) NOT NULL,
    opened_at   TIMESTAMP   NOT NULL
);

-- desktop_broker: the broker that last handed the user's desktop to a viewer, whose desktop
-- host must close that viewer when the session moves through another broker.
ALTER TABLE desktop_sessions ADD COLUMN desktop_broker VARCHAR(32);

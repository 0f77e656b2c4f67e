-- Append-only history of every event the inventory applied. The event id is the key: a replayed record is
-- recognised here and changes nothing.
CREATE TABLE event_history (
    event_id     VARCHAR(64)  PRIMARY KEY,
    topic        VARCHAR(128) NOT NULL,
    type         VARCHAR(128) NOT NULL,
    record_key   VARCHAR(256),
    source       VARCHAR(256) NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX event_history_key ON event_history (record_key, occurred_at);

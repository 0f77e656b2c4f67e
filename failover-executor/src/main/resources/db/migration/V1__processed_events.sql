-- Events this service has already applied, by event id: a replayed record changes nothing.
CREATE TABLE processed_event (
    event_id     VARCHAR(64)  PRIMARY KEY,
    topic        VARCHAR(128) NOT NULL,
    type         VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL
);

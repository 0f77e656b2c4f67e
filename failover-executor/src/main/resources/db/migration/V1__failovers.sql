-- Failovers in flight and done. The machine's whole state is one JSON document, written in the same transaction
-- as the outbox rows of the effects it produced.
CREATE TABLE failover (
    failover_id  VARCHAR(200) PRIMARY KEY,
    phase        VARCHAR(32)  NOT NULL,
    trigger_kind VARCHAR(32)  NOT NULL,
    source_node  VARCHAR(200),
    state        TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX failover_phase ON failover (phase);

-- Commands and events decided but not yet acknowledged by the broker. Sent in id order, deleted once acknowledged;
-- after a crash whatever is left is sent again (same command ids and event ids, so receivers ignore repeats).
CREATE TABLE outbox (
    id          BIGSERIAL    PRIMARY KEY,
    topic       VARCHAR(128) NOT NULL,
    record_key  VARCHAR(256),
    envelope    TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);

-- Fencing tokens: the highest epoch issued or seen per volume.
CREATE TABLE volume_epoch (
    volume_id  VARCHAR(256) PRIMARY KEY,
    epoch      BIGINT       NOT NULL
);

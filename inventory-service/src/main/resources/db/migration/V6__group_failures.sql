-- The failures placement counted per group and node (GroupFailureRecorded), the newest few of each kept, and when an
-- operator last cleared them (GroupFailuresCleared): a failure from before a clear is not shown, even when a replay
-- brings it after the clear.
CREATE TABLE group_failure (
    id                BIGSERIAL     PRIMARY KEY,
    failure_id        VARCHAR(256)  NOT NULL UNIQUE,
    group_id          VARCHAR(128)  NOT NULL,
    node_id           VARCHAR(128)  NOT NULL,
    at                TIMESTAMPTZ   NOT NULL,
    reason            VARCHAR(1000),
    failures_on_node  INTEGER       NOT NULL,
    failure_threshold INTEGER       NOT NULL,
    avoided_until     TIMESTAMPTZ,
    event_id          VARCHAR(64)   NOT NULL,
    received_at       TIMESTAMPTZ   NOT NULL
);
CREATE INDEX group_failure_group ON group_failure (group_id, node_id, at DESC);

-- node_id '' stands for every node of the group.
CREATE TABLE group_failure_clear (
    id         BIGSERIAL    PRIMARY KEY,
    group_id   VARCHAR(128) NOT NULL,
    node_id    VARCHAR(128) NOT NULL,
    cleared_at TIMESTAMPTZ  NOT NULL,
    request_id VARCHAR(128),
    UNIQUE (group_id, node_id)
);

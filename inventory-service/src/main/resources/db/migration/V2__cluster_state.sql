-- The cluster's state as the inventory knows it: the group registry (the truth, edited over REST), what the nodes
-- report, what the monitor judges, the failovers with their per-group steps and fencing evidence, the operator's
-- requests, and the outbox of registry changes and requests waiting to be published to cluster-admin.

-- What the history entry changed, in words for the operator.
ALTER TABLE event_history ADD COLUMN summary VARCHAR(1000);
CREATE INDEX event_history_received ON event_history (received_at);
CREATE INDEX event_history_type ON event_history (type, received_at);

CREATE TABLE node (
    node_id              VARCHAR(128) PRIMARY KEY,
    state                VARCHAR(16)  NOT NULL,
    liveness             VARCHAR(16)  NOT NULL,
    maintenance          VARCHAR(16)  NOT NULL,
    drain_request_id     VARCHAR(128),
    state_reason         VARCHAR(1000) NOT NULL,
    state_since          TIMESTAMPTZ  NOT NULL,
    incarnation          VARCHAR(128),
    status_seq           BIGINT       NOT NULL DEFAULT 0,
    status_reported_at   TIMESTAMPTZ,
    status_received_at   TIMESTAMPTZ,
    last_heartbeat_at    TIMESTAMPTZ,
    capacity_cpu_millis  BIGINT       NOT NULL DEFAULT 0,
    capacity_memory_mb   BIGINT       NOT NULL DEFAULT 0,
    usage_cpu_millis     BIGINT       NOT NULL DEFAULT 0,
    usage_memory_mb      BIGINT       NOT NULL DEFAULT 0,
    reachable_volumes    TEXT         NOT NULL DEFAULT '[]',
    self_fenced          BOOLEAN      NOT NULL DEFAULT FALSE,
    self_fence_at        TIMESTAMPTZ,
    self_fence_reason    VARCHAR(1000),
    self_fence_stopped   TEXT         NOT NULL DEFAULT '[]',
    self_fence_released  TEXT         NOT NULL DEFAULT '[]',
    last_failed_at       TIMESTAMPTZ,
    last_rejoined_at     TIMESTAMPTZ,
    first_seen_at        TIMESTAMPTZ  NOT NULL,
    version              BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX node_state ON node (state);

-- The registry. Volume ids and container ids are unique across the cluster.
CREATE TABLE resource_group (
    group_id               VARCHAR(128) PRIMARY KEY,
    volume_id              VARCHAR(128) NOT NULL UNIQUE,
    priority               INTEGER      NOT NULL,
    preferred_owners       TEXT         NOT NULL,
    possible_owners        TEXT         NOT NULL,
    anti_affinity_class    VARCHAR(128),
    failback_mode          VARCHAR(32)  NOT NULL,
    failback_delay_seconds BIGINT       NOT NULL,
    state                  VARCHAR(16)  NOT NULL,
    state_reason           VARCHAR(1000) NOT NULL,
    state_since            TIMESTAMPTZ  NOT NULL,
    current_node_id        VARCHAR(128),
    located_at             TIMESTAMPTZ,
    ever_located           BOOLEAN      NOT NULL DEFAULT FALSE,
    relocated_to           VARCHAR(128),
    relocated_at           TIMESTAMPTZ,
    last_failover_id       VARCHAR(128),
    pending_request_id     VARCHAR(128),
    pending_target_node_id VARCHAR(128),
    created_at             TIMESTAMPTZ  NOT NULL,
    updated_at             TIMESTAMPTZ  NOT NULL,
    version                BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX resource_group_state ON resource_group (state);
CREATE INDEX resource_group_node ON resource_group (current_node_id);

CREATE TABLE container (
    container_id VARCHAR(128) PRIMARY KEY,
    group_id     VARCHAR(128) NOT NULL REFERENCES resource_group (group_id) ON DELETE CASCADE,
    position     INTEGER      NOT NULL,
    cpu_millis   BIGINT       NOT NULL,
    memory_mb    BIGINT       NOT NULL,
    command      TEXT         NOT NULL
);
CREATE INDEX container_group ON container (group_id, position);

-- What each node last reported (or a relocation verified): containers with their state, volumes with their epoch.
CREATE TABLE container_report (
    id           BIGSERIAL    PRIMARY KEY,
    node_id      VARCHAR(128) NOT NULL,
    container_id VARCHAR(128) NOT NULL,
    group_id     VARCHAR(128),
    state        VARCHAR(16)  NOT NULL,
    detail       VARCHAR(1000),
    reported_at  TIMESTAMPTZ  NOT NULL,
    UNIQUE (node_id, container_id)
);
CREATE INDEX container_report_container ON container_report (container_id);

CREATE TABLE volume_mount (
    id          BIGSERIAL    PRIMARY KEY,
    node_id     VARCHAR(128) NOT NULL,
    volume_id   VARCHAR(128) NOT NULL,
    group_id    VARCHAR(128),
    epoch       BIGINT       NOT NULL,
    reported_at TIMESTAMPTZ  NOT NULL,
    UNIQUE (node_id, volume_id)
);
CREATE INDEX volume_mount_volume ON volume_mount (volume_id);

CREATE TABLE failover (
    failover_id        VARCHAR(128) PRIMARY KEY,
    state              VARCHAR(16)  NOT NULL,
    trigger_kind       VARCHAR(32),
    trigger_node_id    VARCHAR(128),
    trigger_group_id   VARCHAR(128),
    request_id         VARCHAR(128),
    cause_event_id     VARCHAR(128),
    trigger_reason     VARCHAR(1000),
    parent_failover_id VARCHAR(128),
    source_node_id     VARCHAR(128),
    detected_at        TIMESTAMPTZ,
    planned_at         TIMESTAMPTZ,
    started_at         TIMESTAMPTZ,
    fenced_at          TIMESTAMPTZ,
    completed_at       TIMESTAMPTZ,
    failed_at          TIMESTAMPTZ,
    failure_reason     VARCHAR(1000),
    relocated_count    INTEGER,
    unplaceable_count  INTEGER,
    fenced_node_id     VARCHAR(128),
    fencing_method     VARCHAR(64),
    opened_at          TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL,
    version            BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX failover_opened ON failover (opened_at DESC, failover_id);
CREATE INDEX failover_state ON failover (state);
CREATE INDEX failover_request ON failover (request_id);

-- One group within one failover: its target, where it stands, and placement's reasons.
CREATE TABLE failover_group (
    id             BIGSERIAL    PRIMARY KEY,
    failover_id    VARCHAR(128) NOT NULL REFERENCES failover (failover_id),
    group_id       VARCHAR(128) NOT NULL,
    position       INTEGER      NOT NULL,
    volume_id      VARCHAR(128),
    from_node_id   VARCHAR(128),
    target_node_id VARCHAR(128),
    priority       INTEGER,
    outcome        VARCHAR(16)  NOT NULL,
    step           VARCHAR(64),
    step_state     VARCHAR(64),
    detail         VARCHAR(1000),
    reason         VARCHAR(1000),
    epoch          BIGINT,
    started_at     TIMESTAMPTZ,
    online_at      TIMESTAMPTZ,
    candidates     TEXT         NOT NULL DEFAULT '[]',
    container_ids  TEXT         NOT NULL DEFAULT '[]',
    updated_at     TIMESTAMPTZ  NOT NULL,
    UNIQUE (failover_id, group_id)
);
CREATE INDEX failover_group_group ON failover_group (group_id, updated_at);
CREATE INDEX failover_group_target ON failover_group (target_node_id, outcome);

-- The per-group timeline, one row per GroupStepChanged.
CREATE TABLE failover_step (
    id             BIGSERIAL    PRIMARY KEY,
    failover_id    VARCHAR(128) NOT NULL REFERENCES failover (failover_id),
    group_id       VARCHAR(128) NOT NULL,
    step           VARCHAR(64),
    state          VARCHAR(64),
    target_node_id VARCHAR(128),
    at             TIMESTAMPTZ,
    detail         VARCHAR(1000),
    event_id       VARCHAR(64)  NOT NULL
);
CREATE INDEX failover_step_failover ON failover_step (failover_id, group_id, id);

-- Fencing evidence, one row per method tried, from NodeFenced.
CREATE TABLE fencing_attempt (
    id           BIGSERIAL    PRIMARY KEY,
    failover_id  VARCHAR(128) NOT NULL REFERENCES failover (failover_id),
    node_id      VARCHAR(128),
    method       VARCHAR(64),
    succeeded    BOOLEAN      NOT NULL,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    detail       VARCHAR(2000),
    epochs       TEXT         NOT NULL DEFAULT '[]',
    event_id     VARCHAR(64)  NOT NULL
);
CREATE INDEX fencing_attempt_failover ON fencing_attempt (failover_id, id);

CREATE TABLE operator_request (
    request_id     VARCHAR(128) PRIMARY KEY,
    kind           VARCHAR(16)  NOT NULL,
    node_id        VARCHAR(128),
    group_id       VARCHAR(128),
    target_node_id VARCHAR(128),
    requested_by   VARCHAR(128) NOT NULL,
    requested_at   TIMESTAMPTZ  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    failover_id    VARCHAR(128),
    detail         VARCHAR(1000),
    updated_at     TIMESTAMPTZ  NOT NULL
);

CREATE TABLE monitor_alert (
    kind            VARCHAR(32)  PRIMARY KEY,
    active          BOOLEAN      NOT NULL,
    silent_nodes    INTEGER      NOT NULL,
    total_nodes     INTEGER      NOT NULL,
    threshold       DOUBLE PRECISION NOT NULL,
    raised_at       TIMESTAMPTZ,
    message         VARCHAR(1000),
    silent_node_ids TEXT         NOT NULL DEFAULT '[]'
);

-- Registry changes and operator requests, written in the same transaction as the change and published to
-- cluster-admin afterwards (at least once, in id order), so that a crash between the two loses nothing.
CREATE TABLE outbox (
    id           BIGSERIAL    PRIMARY KEY,
    event_id     VARCHAR(64)  NOT NULL UNIQUE,
    topic        VARCHAR(128) NOT NULL,
    record_key   VARCHAR(256),
    type         VARCHAR(128) NOT NULL,
    envelope     TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    published_at TIMESTAMPTZ,
    attempts     INTEGER      NOT NULL DEFAULT 0,
    last_error   VARCHAR(2000)
);
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;

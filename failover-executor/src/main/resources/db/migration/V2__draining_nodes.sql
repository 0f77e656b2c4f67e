-- The nodes an operator is draining (NodeDrainRequested on cluster-admin, until NodeResumeRequested): no group is
-- mounted there any more; a group on its way there is re-planned first (docs/services/failover-executor.md).
CREATE TABLE draining_node (
    node_id    VARCHAR(200) PRIMARY KEY,
    request_id VARCHAR(200),
    since      TIMESTAMPTZ  NOT NULL
);

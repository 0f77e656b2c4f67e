-- What the operator wants of each group: ONLINE (run it, the default), OFFLINE (stopped, never started by failover)
-- or UNMANAGED (the cluster neither starts, stops nor moves it), and the request that last said so.
ALTER TABLE resource_group ADD COLUMN desired_state      VARCHAR(16)  NOT NULL DEFAULT 'ONLINE';
ALTER TABLE resource_group ADD COLUMN desired_request_id VARCHAR(128);
ALTER TABLE resource_group ADD COLUMN desired_by         VARCHAR(128);
ALTER TABLE resource_group ADD COLUMN desired_since      TIMESTAMPTZ;
CREATE INDEX resource_group_desired ON resource_group (desired_state);

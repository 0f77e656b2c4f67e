-- The reconciler's plans: a group of a failover is moved, restarted in place (from one container on) or stopped
-- where it runs; a stop ends when the group is stopped. The trigger keeps placement's one-sentence reason and,
-- for a node failure, the monitor's evidence.
ALTER TABLE failover_group ADD COLUMN action       VARCHAR(16)  NOT NULL DEFAULT 'MOVE';
ALTER TABLE failover_group ADD COLUMN restart_from VARCHAR(128);
ALTER TABLE failover_group ADD COLUMN stopped_at   TIMESTAMPTZ;
ALTER TABLE failover ADD COLUMN trigger_evidence VARCHAR(1000);

-- Where a stop released the group, and when: a node's status from before then does not bring it back.
ALTER TABLE resource_group ADD COLUMN released_from VARCHAR(128);
ALTER TABLE resource_group ADD COLUMN released_at   TIMESTAMPTZ;

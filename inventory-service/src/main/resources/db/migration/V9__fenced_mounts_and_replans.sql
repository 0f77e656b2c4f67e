-- A mount the executor fenced is shown FENCED, not as a second holder of the volume (docs/services/inventory-service.md,
-- "Where a volume is"): the fence outlives the node's own reports until one of them ends it.
ALTER TABLE volume_mount ADD COLUMN fenced_at TIMESTAMPTZ;
ALTER TABLE volume_mount ADD COLUMN fenced_epoch BIGINT;
ALTER TABLE volume_mount ADD COLUMN fenced_by VARCHAR(128);
ALTER TABLE volume_mount ADD COLUMN fence_method VARCHAR(64);

-- A re-plan is carried out within the failover it answers and is recorded there since this version. Re-plans that
-- earlier versions recorded as failovers of their own never started and kept their groups MOVING: their groups follow
-- the parent again, and the re-plans are dropped (the event history keeps the plans).
UPDATE resource_group g SET last_failover_id = f.parent_failover_id
  FROM failover f
 WHERE g.last_failover_id = f.failover_id
   AND f.trigger_kind = 'REPLAN' AND f.parent_failover_id IS NOT NULL AND f.state = 'PLANNED'
   AND EXISTS (SELECT 1 FROM failover p WHERE p.failover_id = f.parent_failover_id);
DELETE FROM failover_step WHERE failover_id IN
  (SELECT failover_id FROM failover WHERE trigger_kind = 'REPLAN' AND parent_failover_id IS NOT NULL AND state = 'PLANNED'
      AND failover_id NOT IN (SELECT last_failover_id FROM resource_group WHERE last_failover_id IS NOT NULL));
DELETE FROM fencing_attempt WHERE failover_id IN
  (SELECT failover_id FROM failover WHERE trigger_kind = 'REPLAN' AND parent_failover_id IS NOT NULL AND state = 'PLANNED'
      AND failover_id NOT IN (SELECT last_failover_id FROM resource_group WHERE last_failover_id IS NOT NULL));
DELETE FROM failover_group WHERE failover_id IN
  (SELECT failover_id FROM failover WHERE trigger_kind = 'REPLAN' AND parent_failover_id IS NOT NULL AND state = 'PLANNED'
      AND failover_id NOT IN (SELECT last_failover_id FROM resource_group WHERE last_failover_id IS NOT NULL));
DELETE FROM failover WHERE trigger_kind = 'REPLAN' AND parent_failover_id IS NOT NULL AND state = 'PLANNED'
   AND failover_id NOT IN (SELECT last_failover_id FROM resource_group WHERE last_failover_id IS NOT NULL);

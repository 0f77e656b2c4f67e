-- The second witness (docs/failure-handling.md): a node silent on Kafka but alive on the shared storage is ISOLATED
-- (the monitor's NodeIsolated), and an agent cut off while most others are freezes (mode FROZEN, in its status or in
-- its witness slot). Node states and liveness are text; the new values ISOLATED and FROZEN need no change there.
-- What the agent last said of its own mode (ACTIVE, SELF_FENCED, FROZEN), from its status or, through NodeIsolated,
-- from its witness slot, and when the monitor last judged it isolated.
ALTER TABLE node ADD COLUMN agent_mode VARCHAR(16) NOT NULL DEFAULT 'ACTIVE';
ALTER TABLE node ADD COLUMN last_isolated_at TIMESTAMPTZ;
UPDATE node SET agent_mode = 'SELF_FENCED' WHERE self_fenced;

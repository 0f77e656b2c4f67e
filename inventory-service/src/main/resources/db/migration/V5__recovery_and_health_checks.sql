-- How a group recovers from failures on a live node (restarts in place, then relocation; nodes avoided after repeated
-- failures), and each container's health check. JSON text; null recovery reads as the default, null check as none.
ALTER TABLE resource_group ADD COLUMN recovery TEXT;
ALTER TABLE container ADD COLUMN health_check TEXT;

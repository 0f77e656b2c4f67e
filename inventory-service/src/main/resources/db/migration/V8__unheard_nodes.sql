-- A node whose statuses no longer reach the inventory is not shown as it last was (docs/services/inventory-service.md,
-- "Nodes the inventory no longer hears"): HEARD while its statuses arrive, WITNESSED while only its witness slot on the
-- shared storage is fresh, UNHEARD while neither is. The new node state UNKNOWN is text like the others.
ALTER TABLE node ADD COLUMN reports VARCHAR(16) NOT NULL DEFAULT 'HEARD';
CREATE INDEX node_status_received_at ON node (status_received_at);

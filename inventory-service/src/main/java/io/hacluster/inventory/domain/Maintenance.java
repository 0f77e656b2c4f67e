package io.hacluster.inventory.domain;

/** A node's maintenance mode, set by the operator's drain and resume requests. */
public enum Maintenance {
    /** In service. */
    NONE,
    /** Drain requested; the drain failover has not completed yet. */
    DRAINING,
    /** Drained; stays out of service until resumed. */
    MAINTENANCE
}

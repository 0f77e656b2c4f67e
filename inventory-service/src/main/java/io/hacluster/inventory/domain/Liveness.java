package io.hacluster.inventory.domain;

/** A node's liveness, as the health monitor last judged it on {@code node-health}. */
public enum Liveness {
    /** Heard from on time (or never judged otherwise). */
    ALIVE,
    /** Heartbeats late. */
    SUSPECT,
    /** Silent on Kafka past the failure timeout, but its storage witness slot is fresh and holds volumes. */
    ISOLATED,
    /** Declared failed. */
    FAILED
}

package io.hacluster.inventory.domain;

/** A node as the operator sees it: its liveness, as the monitor judges it, and its maintenance mode together. */
public enum NodeState {
    /** Alive and in service: placement may put groups on it. */
    ACTIVE,
    /** Heartbeats are late; nothing moves yet. */
    SUSPECT,
    /** Declared failed by the monitor: its groups are fenced off it and moved. */
    FAILED,
    /** An operator asked for maintenance: its groups are being moved away in order. */
    DRAINING,
    /** Drained: hosts no group and takes none until an operator resumes it. */
    MAINTENANCE
}

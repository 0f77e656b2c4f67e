package io.hacluster.placement.domain;

/** A node as placement sees it. Only {@link #ACTIVE} nodes receive groups. */
public enum NodeState {

    /** Up and serving: may receive groups. */
    ACTIVE,
    /** Heartbeats late: receives nothing new until it is judged again. */
    SUSPECT,
    /** Declared failed: its groups are being moved away. */
    FAILED,
    /** An operator drains it: its groups are being moved away. */
    DRAINING,
    /** Drained and held out of service until an operator resumes it. */
    MAINTENANCE;

    public boolean acceptsGroups() {
        return this == ACTIVE;
    }
}

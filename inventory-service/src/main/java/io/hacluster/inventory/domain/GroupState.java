package io.hacluster.inventory.domain;

/** A resource group as the operator sees it. */
public enum GroupState {
    /** Its volume is mounted on a node that is not failed and every container runs there. */
    ONLINE,
    /** Its volume is mounted on a node that is not failed, but some container does not run there. */
    DEGRADED,
    /** Being moved: a failover is under way for it, or an operator's move waits for its plan. */
    MOVING,
    /** Some of its containers are being restarted where it runs, by a failover that keeps it on its node. */
    RESTARTING,
    /** Runs nowhere and nothing is under way to start it (the reason says why). */
    OFFLINE,
    /** The last failover found no node that may take it (the reason says why); it runs nowhere. */
    UNPLACEABLE,
    /** Its desired state is OFFLINE and it still runs on a node: a failover stops it there, or one is awaited. */
    STOPPING,
    /** Its desired state is OFFLINE and it runs nowhere: stopped by the operator (the reason says who). */
    STOPPED,
    /**
     * Its volume is on a node whose state is UNKNOWN: nothing it reported is recent enough to say what runs; the
     * reason says what it last reported and since when nothing more is known.
     */
    UNKNOWN
}

package io.hacluster.placement.domain;

/** What can change a node's state as placement sees it. */
public enum NodeEvent {

    /** The monitor suspects the node (NodeSuspected). */
    SUSPECTED,
    /** The monitor declared the node failed (NodeFailed). */
    FAILED,
    /** The node is heard again with the same incarnation (NodeRecovered). */
    RECOVERED,
    /** The node restarted with a new incarnation (NodeRejoined). */
    REJOINED,
    /** An operator asked to drain it (NodeDrainRequested). */
    DRAIN_REQUESTED,
    /** The drain failover completed, or had nothing to move. */
    DRAIN_COMPLETED,
    /** An operator returned it to service (NodeResumeRequested). */
    RESUME_REQUESTED
}

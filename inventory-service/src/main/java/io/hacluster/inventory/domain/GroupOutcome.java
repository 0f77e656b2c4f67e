package io.hacluster.inventory.domain;

/** Where one group stands within one failover. */
public enum GroupOutcome {

    /** Placement chose a target (or, for a stop, the node to stop it on); the executor has not started on it. */
    PLANNED,
    /** The executor is moving, restarting or stopping it: stopping, fencing, mounting or starting. */
    IN_PROGRESS,
    /** Online on its new node (or, after a restart in place, on the same node). */
    ONLINE,
    /** Stopped as asked: its containers stopped and its volume released where it ran. */
    STOPPED,
    /** No node could take it, or it could not be fenced off its old node. */
    UNPLACEABLE,
    /** The failover failed before it was online. */
    FAILED;

    /** True when nothing more happens to the group in this failover. */
    public boolean terminal() {
        return this == ONLINE || this == STOPPED || this == UNPLACEABLE || this == FAILED;
    }
}

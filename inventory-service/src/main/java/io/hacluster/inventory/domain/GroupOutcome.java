package io.hacluster.inventory.domain;

/** Where one group stands within one failover. */
public enum GroupOutcome {

    /** Placement chose a target; the executor has not started on it. */
    PLANNED,
    /** The executor is moving it: stopping, fencing, mounting or starting. */
    IN_PROGRESS,
    /** Online on its new node. */
    ONLINE,
    /** No node could take it, or it could not be fenced off its old node. */
    UNPLACEABLE,
    /** The failover failed before it was online. */
    FAILED;

    /** True when nothing more happens to the group in this failover. */
    public boolean terminal() {
        return this == ONLINE || this == UNPLACEABLE || this == FAILED;
    }
}

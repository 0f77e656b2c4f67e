package io.hacluster.inventory.domain;

/** A failover's progress, from the plan to its end. */
public enum FailoverState {

    /** Placement published the plan; the executor has not reported it started. */
    PLANNED,
    /** The executor is carrying it out. */
    RUNNING,
    /** Ended: every group is online on its new node or reported unplaceable. */
    COMPLETED,
    /** Could not be carried out (e.g. no fencing method worked); its groups stay offline. */
    FAILED;

    /** True once the failover ended. */
    public boolean ended() {
        return this == COMPLETED || this == FAILED;
    }

    /** The next state for an observed state: an ended failover never reopens, a running one never goes back. */
    public FailoverState next(FailoverState observed) {
        if (ended() || observed.ordinal() <= ordinal()) {
            return this;
        }
        return observed;
    }
}

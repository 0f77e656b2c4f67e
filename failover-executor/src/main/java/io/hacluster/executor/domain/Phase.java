package io.hacluster.executor.domain;

/** Where a failover stands. */
public enum Phase {

    /** The source node is being fenced; nothing is started yet. */
    FENCING,
    /** The source is fenced (or needs no fencing): groups are being brought online on their targets. */
    RECOVERING,
    /** Every group is online on its target or reported unplaceable. */
    COMPLETED,
    /** Fencing failed: the groups stay offline and the operator is told. */
    FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}

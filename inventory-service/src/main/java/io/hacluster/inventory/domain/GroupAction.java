package io.hacluster.inventory.domain;

/** What a failover does with one group. */
public enum GroupAction {
    /** Moves it to another node (or places it for the first time). */
    MOVE,
    /** Restarts some of its containers where it runs, under the epoch it holds. */
    RESTART,
    /** Stops it where it runs and releases its volume there; starts it nowhere. */
    STOP
}

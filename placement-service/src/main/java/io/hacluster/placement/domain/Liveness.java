package io.hacluster.placement.domain;

/** What the health monitor last said about a node, kept apart from what the operator asked of it. */
public enum Liveness {

    /** Heartbeats arrive. */
    ALIVE,
    /** Heartbeats are late. */
    SUSPECT,
    /** Declared failed: it has fenced itself, its groups must move. */
    FAILED
}

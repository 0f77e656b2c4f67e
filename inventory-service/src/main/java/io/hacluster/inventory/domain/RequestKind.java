package io.hacluster.inventory.domain;

/** What an operator asked for. */
public enum RequestKind {
    /** Take a node out for maintenance: move its groups away. */
    DRAIN,
    /** Return a node to service. */
    RESUME,
    /** Move a group to a named node or wherever placement chooses. */
    MOVE
}

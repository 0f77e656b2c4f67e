package io.hacluster.inventory.domain;

import io.hacluster.events.DesiredState;

/** What an operator asked for. */
public enum RequestKind {

    /** Take a node out for maintenance: move its groups away. */
    DRAIN,
    /** Return a node to service. */
    RESUME,
    /** Move a group to a named node or wherever placement chooses. */
    MOVE,
    /** Stop a group and keep it stopped (desired state OFFLINE). */
    STOP,
    /** Run a group (desired state ONLINE); also takes an unmanaged group back into the cluster's hands. */
    START,
    /** Leave a group alone (desired state UNMANAGED): the cluster neither starts, stops nor moves it. */
    UNMANAGE,
    /** Clear a group's failure history, of one node or of all: the nodes it avoided may take it again at once. */
    CLEAR;

    /** The request that asks for this desired state. */
    public static RequestKind asking(DesiredState desired) {
        return switch (desired) {
            case ONLINE -> START;
            case OFFLINE -> STOP;
            case UNMANAGED -> UNMANAGE;
        };
    }
}

package io.hacluster.events;

/** What the operator wants of a resource group; the reconciler in placement makes the cluster match it. */
public enum DesiredState {
    /** Run it (the default): start it, restart it, move it as needed. */
    ONLINE,
    /** Administratively stopped: stop it wherever it runs, never start it by failover, not counted as load. */
    OFFLINE,
    /** Left alone: the cluster neither starts, stops nor moves it (work on one group). */
    UNMANAGED
}

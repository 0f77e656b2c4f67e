package io.hacluster.monitor.domain;

/** What the monitor believes of a node. */
public enum Liveness {
    /** Heartbeats arrive as expected. */
    ALIVE,
    /** Heartbeats are late; nothing moves yet. */
    SUSPECT,
    /** Declared failed: its groups are fenced and moved. */
    FAILED
}

package io.hacluster.monitor.domain;

/** What the monitor believes of a node. */
public enum Liveness {
    /** Heartbeats arrive as expected. */
    ALIVE,
    /** Heartbeats are late; nothing moves yet. */
    SUSPECT,
    /** Silent on Kafka past its failure timeout but alive on the storage witness, holding volumes: not taken over. */
    ISOLATED,
    /** Declared failed: its groups are fenced and moved. */
    FAILED
}

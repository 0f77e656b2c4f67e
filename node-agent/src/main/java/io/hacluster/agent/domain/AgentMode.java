package io.hacluster.agent.domain;

/** The operating mode of one node's agent. */
public enum AgentMode {
    /** No heartbeat of this incarnation acknowledged yet: runs nothing, refuses commands. */
    STARTING,
    /** Heartbeats acknowledged within the isolation timeout: carries out commands, runs its groups. */
    ACTIVE,
    /** Was cut off for its isolation timeout: stopped its containers, released its volumes, started anew. */
    SELF_FENCED,
    /**
     * Cut off for its isolation timeout while the storage witness shows most other nodes cut off too: keeps its
     * containers and volumes, renews its leases, starts nothing new, until its heartbeats are acknowledged again.
     */
    FROZEN
}

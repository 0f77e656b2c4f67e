package io.hacluster.inventory.domain;

/** A node as the operator sees it: its liveness, as the monitor judges it, and its maintenance mode together. */
public enum NodeState {

    /** Alive and in service: placement may put groups on it. */
    ACTIVE,
    /** Heartbeats are late; nothing moves yet. */
    SUSPECT,
    /**
     * Silent on Kafka but alive on the storage witness: cut off, not dead. Its groups stay where they are until its
     * slot shows it released them, its self-fence deadline passes or it is fenced; then the monitor declares it failed.
     */
    ISOLATED,
    /**
     * Its agent froze: cut off from Kafka while most other nodes are too (the control plane is down, not this node).
     * It keeps its containers and volumes, takes no new work, and serves again when Kafka is back.
     */
    FROZEN,
    /**
     * Nothing the inventory can see shows what it does: no status has reached the inventory for longer than
     * {@code inventory.nodes.unheard-after} and no fresh witness slot either, while the monitor has judged nothing
     * worse. Its last reports are shown with their age, never as the present. Nothing is moved on this ground alone:
     * only the monitor declares a node failed.
     */
    UNKNOWN,
    /** Declared failed by the monitor: its groups are fenced off it and moved. */
    FAILED,
    /** An operator asked for maintenance: its groups are being moved away in order. */
    DRAINING,
    /** Drained: hosts no group and takes none until an operator resumes it. */
    MAINTENANCE;

    /**
     * Whether the node's reports of what runs on it stand for the present: not for an UNKNOWN node (nothing recent
     * reached the inventory) nor for a FAILED one (declared dead, being fenced); their containers show UNKNOWN.
     */
    public boolean vouchesForItsReports() {
        return this != UNKNOWN && this != FAILED;
    }
}

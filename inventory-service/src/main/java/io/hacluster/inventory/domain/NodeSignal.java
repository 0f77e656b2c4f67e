package io.hacluster.inventory.domain;

/** Something that may change a node's condition. */
public sealed interface NodeSignal {

    /** The monitor suspects the node. */
    record Suspected(String reason) implements NodeSignal {
    }

    /** The monitor declared the node failed. */
    record Failed(String reason) implements NodeSignal {
    }

    /** The same incarnation is heard again after it was suspected or declared failed. */
    record Recovered(String previousState) implements NodeSignal {
    }

    /** The node restarted with a new incarnation; it comes back empty. */
    record Rejoined(String incarnation) implements NodeSignal {
    }

    /**
     * An operator asked to drain the node.
     *
     * @param hostsNothing true when the node hosts no group and none is on its way to it: nothing to move
     */
    record DrainRequested(String requestId, String requestedBy, boolean hostsNothing) implements NodeSignal {
    }

    /** The failover that carried out a drain of this node completed. */
    record DrainCompleted(String requestId, String failoverId) implements NodeSignal {
    }

    /** An operator returned the node to service. */
    record ResumeRequested(String requestId, String requestedBy) implements NodeSignal {
    }
}

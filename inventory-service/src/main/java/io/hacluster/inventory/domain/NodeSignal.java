package io.hacluster.inventory.domain;

import java.time.Duration;
import java.util.List;

import io.hacluster.events.NodeStatus;

/** Something that may change a node's condition. */
public sealed interface NodeSignal {

    /** The monitor suspects the node. */
    record Suspected(String reason) implements NodeSignal {
    }

    /** The monitor declared the node failed. */
    record Failed(String reason) implements NodeSignal {
    }

    /**
     * The monitor judged the node isolated: silent on Kafka, alive on the storage witness.
     *
     * @param reason the monitor's evidence
     * @param witnessMode the mode its witness slot reports (ACTIVE, FROZEN, SELF_FENCED), or null
     */
    record Isolated(String reason, String witnessMode) implements NodeSignal {
    }

    /** The agent's status reports another mode than the one held (ACTIVE, SELF_FENCED, FROZEN). */
    record AgentMode(NodeStatus.Mode mode) implements NodeSignal {
    }

    /**
     * No status of the node has reached the inventory for {@code silentFor}, longer than {@code unheardAfter}.
     *
     * @param witness what its witness slot shows, when the inventory reads the witness and the slot is fresh; null
     *        otherwise
     */
    record Silent(Duration silentFor, Duration unheardAfter, Witness witness) implements NodeSignal {
    }

    /**
     * A fresh witness slot, as the inventory read it.
     *
     * @param mode the mode it states
     * @param unchangedFor how long since the inventory saw it change (under the witness timeout)
     * @param heldVolumes the volumes it states the node holds
     */
    record Witness(NodeStatus.Mode mode, Duration unchangedFor, List<String> heldVolumes) {

        public Witness {
            heldVolumes = heldVolumes == null ? List.of() : List.copyOf(heldVolumes);
        }
    }

    /** A status of the node reached the inventory again after it was not heard. */
    record Heard() implements NodeSignal {
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

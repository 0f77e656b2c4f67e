package io.hacluster.inventory.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the inventory still hears a node, from the time its latest status reached the inventory (on the inventory's
 * clock) and, where the inventory reads the storage witness, the node's slot there. Pure; the table is in
 * {@code docs/services/inventory-service.md}.
 */
public final class NodeFreshness {

    private NodeFreshness() {
    }

    /**
     * The signal that brings the node's condition in line with what the inventory hears at {@code now}, or empty when
     * it already is.
     *
     * @param current the node's condition
     * @param lastHeard when its latest status reached the inventory (or, before any did, when it was first heard of)
     * @param now the inventory's clock
     * @param unheardAfter silence after which a node is no longer heard
     * @param freshSlot what its witness slot says, when the inventory reads the witness and the slot is fresh; empty
     *        otherwise
     */
    public static Optional<NodeSignal> judge(NodeCondition current, Instant lastHeard, Instant now,
            Duration unheardAfter, Optional<NodeSignal.Witness> freshSlot) {
        Duration silentFor = lastHeard == null ? Duration.ZERO : Duration.between(lastHeard, now);
        if (silentFor.compareTo(unheardAfter) < 0) {
            return current.reports() == Reports.HEARD ? Optional.empty() : Optional.of(new NodeSignal.Heard());
        }
        if (current.liveness() == Liveness.FAILED) {
            return Optional.empty(); // declared failed: its silence is expected, and the state says more than UNKNOWN
        }
        NodeSignal.Witness witness = freshSlot.orElse(null);
        Reports target = witness == null ? Reports.UNHEARD : Reports.WITNESSED;
        if (current.reports() == target && (witness == null || witness.mode() == current.agentMode())) {
            return Optional.empty();
        }
        return Optional.of(new NodeSignal.Silent(silentFor, unheardAfter, witness));
    }
}

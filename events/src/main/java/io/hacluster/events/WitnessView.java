package io.hacluster.events;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the storage witness shows at one instant: per node, its last slot read and whether it is fresh.
 *
 * @param enabled false when no witness is configured ({@code monitor.witness.root} or {@code inventory.witness.root} unset): every node is judged on its
 *        heartbeats (or statuses) alone, as before the witness
 * @param slots per node with a slot file, what was read of it
 */
public record WitnessView(boolean enabled, Map<String, Slot> slots) {

    /** No witness configured. */
    public static final WitnessView NONE = new WitnessView(false, Map.of());

    /**
     * One node's slot.
     *
     * @param slot the last slot read, or null if its file could never be read
     * @param fresh whether its seq changed within the witness timeout
     * @param unchangedFor how long since the reader saw it change, or null if it never did
     */
    public record Slot(WitnessSlot slot, boolean fresh, Duration unchangedFor) {
    }

    public WitnessView {
        slots = Map.copyOf(slots);
    }

    /** The node's slot, if it has one. */
    public Optional<Slot> of(String nodeId) {
        return Optional.ofNullable(slots.get(nodeId));
    }

    /** Whether the node's slot is fresh: it is alive on the storage. */
    public boolean fresh(String nodeId) {
        Slot slot = slots.get(nodeId);
        return slot != null && slot.fresh() && slot.slot() != null;
    }
}

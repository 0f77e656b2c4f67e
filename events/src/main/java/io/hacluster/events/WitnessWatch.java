package io.hacluster.events;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A reader's view of the storage witness (the monitor's, the inventory's). A slot is fresh while its {@code (incarnation, seq)} keeps changing:
 * the watch notes, on the reader's own monotonic clock, when it saw it change, and calls it stale {@code timeout}
 * after that. A slot seen for the first time is not fresh until it changes. The writers' clocks ({@code writtenAt},
 * {@code lastAcknowledgedAt}) are never compared with the reader's. Pure: the time comes with every call, as a
 * monotonic reading (a {@link Duration} since any origin). Not thread-safe.
 */
public final class WitnessWatch {

    private record Seen(WitnessSlot slot, Duration changedAt) {
    }

    private final Duration timeout;
    private final Map<String, Seen> seen = new HashMap<>();

    /** @param timeout a slot whose seq did not change for this long is stale */
    public WitnessWatch(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the witness timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * The witness directory was read at {@code now}.
     *
     * @param present the nodes that have a slot file there, readable or not
     * @param slots the slots that could be read
     */
    public void read(Set<String> present, Collection<WitnessSlot> slots, Duration now) {
        seen.keySet().retainAll(present);
        for (WitnessSlot slot : slots) {
            if (!present.contains(slot.nodeId())) {
                continue;
            }
            Seen before = seen.get(slot.nodeId());
            boolean changed = before != null && before.slot() != null && (before.slot().seq() != slot.seq()
                    || !Objects.equals(before.slot().incarnation(), slot.incarnation()));
            Duration changedAt = changed ? now : before == null ? null : before.changedAt();
            seen.put(slot.nodeId(), new Seen(slot, changedAt));
        }
        for (String node : present) {
            // a slot file that could not be read keeps what was last read of it, and ages like any other
            seen.putIfAbsent(node, new Seen(null, null));
        }
    }

    /** What the witness shows at {@code now}. */
    public WitnessView view(Duration now) {
        Map<String, WitnessView.Slot> slots = new HashMap<>();
        seen.forEach((node, s) -> {
            boolean fresh = s.changedAt() != null && now.minus(s.changedAt()).compareTo(timeout) < 0;
            Duration unchangedFor = s.changedAt() == null ? null : now.minus(s.changedAt());
            slots.put(node, new WitnessView.Slot(s.slot(), fresh, unchangedFor));
        });
        return new WitnessView(true, slots);
    }
}

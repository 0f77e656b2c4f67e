package io.hacluster.agent.domain;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.hacluster.events.WitnessSlot;

/**
 * One agent's reading of the storage witness: when it last wrote its own slot, and how fresh the other nodes' slots
 * are. A slot is fresh while its {@code (incarnation, seq)} keeps changing: the watch notes, on the agent's own
 * monotonic clock, when it saw it change, and calls it stale {@code timeout} after that. A slot seen for the first
 * time is not fresh until it changes. The writers' clocks ({@code writtenAt}, {@code lastAcknowledgedAt}) are never
 * compared with this one. Pure: the time comes with every call.
 */
public final class WitnessWatch {

    /**
     * @param interval how often every agent writes its slot
     * @param timeout a slot whose seq did not change for this long is stale; at least two intervals
     */
    public record Settings(Duration interval, Duration timeout) {

        public Settings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeout, "timeout");
            if (interval.isNegative() || interval.isZero() || timeout.compareTo(interval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("the witness interval must be positive and the timeout at least "
                        + "two intervals: " + interval + ", " + timeout);
            }
        }

        /**
         * The own slot counts as written while its last successful write is younger than this: timeout − interval,
         * so that every reader still finds it fresh for at least one more interval (the time to fence, or to be
         * seen frozen), whatever the phase of its reads.
         */
        public Duration writeWindow() {
            return timeout.minus(interval);
        }
    }

    private record Seen(String incarnation, long seq, boolean kafkaReachable, MonotonicTime changedAt) {
    }

    private final String self;
    private final Settings settings;
    private final Map<String, Seen> seen = new HashMap<>();
    private MonotonicTime lastOwnWrite;

    public WitnessWatch(String self, Settings settings) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** The agent's own slot was written (the new file is in place) at {@code at}. */
    public void written(MonotonicTime at) {
        lastOwnWrite = at;
    }

    /**
     * The agent read the witness directory at {@code now}.
     *
     * @param present the nodes that have a slot file there, readable or not (its own included or not)
     * @param slots the slots that could be read
     */
    public void read(Set<String> present, Collection<WitnessSlot> slots, MonotonicTime now) {
        seen.keySet().retainAll(present);
        for (WitnessSlot slot : slots) {
            if (self.equals(slot.nodeId()) || !present.contains(slot.nodeId())) {
                continue;
            }
            Seen before = seen.get(slot.nodeId());
            boolean changed = before != null
                    && (before.seq() != slot.seq() || !Objects.equals(before.incarnation(), slot.incarnation()));
            MonotonicTime changedAt = changed ? now : before == null ? null : before.changedAt();
            seen.put(slot.nodeId(), new Seen(slot.incarnation(), slot.seq(), slot.kafkaReachable(), changedAt));
        }
        for (String node : present) {
            if (!self.equals(node)) {
                // a slot file that could not be read counts as known, and ages like any other
                seen.putIfAbsent(node, new Seen(null, -1, false, null));
            }
        }
    }

    /** Whether the slot of {@code nodeId} changed within the timeout before {@code now}. */
    public boolean fresh(String nodeId, MonotonicTime now) {
        Seen s = seen.get(nodeId);
        return s != null && s.changedAt() != null && now.isBefore(s.changedAt().plus(settings.timeout()));
    }

    /** Whether the agent's own slot was written within the write window before {@code now}. */
    public boolean ownSlotWritten(MonotonicTime now) {
        return lastOwnWrite != null && now.isBefore(lastOwnWrite.plus(settings.writeWindow()));
    }

    /** What the witness shows at {@code now}. */
    public WitnessView view(MonotonicTime now) {
        int unreachable = 0;
        int reachable = 0;
        for (Map.Entry<String, Seen> e : seen.entrySet()) {
            if (fresh(e.getKey(), now)) {
                if (e.getValue().kafkaReachable()) {
                    reachable++;
                } else {
                    unreachable++;
                }
            }
        }
        return new WitnessView(ownSlotWritten(now), seen.size(), unreachable, reachable);
    }
}

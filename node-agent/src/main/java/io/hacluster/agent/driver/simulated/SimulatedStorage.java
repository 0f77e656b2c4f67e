package io.hacluster.agent.driver.simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.hacluster.agent.domain.LeaseDecision;
import io.hacluster.agent.domain.LeaseRecord;
import io.hacluster.agent.driver.StorageDriver;

/**
 * Shared storage in memory: one instance is shared by every node of the process, so that the simulated nodes contend
 * for volumes under the same epoch rules as real ones. Mounts can be slowed down to simulate a slow SAN.
 */
public final class SimulatedStorage implements StorageDriver {

    /** One change of a volume's ownership, kept for tests and the operator. */
    public record HistoryEntry(String volumeId, String nodeId, String action, long epochBefore, long epochAfter) {
    }

    private final Duration mountDelay;
    private final Map<String, LeaseRecord> leases = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final List<HistoryEntry> history = new ArrayList<>();

    public SimulatedStorage(Duration mountDelay) {
        this.mountDelay = mountDelay;
    }

    @Override
    public Optional<LeaseRecord> read(String volumeId) {
        return Optional.ofNullable(leases.get(volumeId));
    }

    @Override
    public LeaseDecision change(String volumeId, String nodeId, Function<LeaseRecord, LeaseDecision> rule) {
        synchronized (locks.computeIfAbsent(volumeId, v -> new Object())) {
            LeaseDecision decision = rule.apply(leases.get(volumeId));
            if (decision instanceof LeaseDecision.Granted granted) {
                if (granted.writes()) {
                    leases.put(volumeId, granted.after());
                }
                if (granted.changesOwnership()) {
                    synchronized (history) {
                        history.add(new HistoryEntry(volumeId, nodeId, granted.action(), granted.epochBefore(),
                                granted.epochAfter()));
                    }
                }
            }
            return decision;
        }
    }

    @Override
    public LeaseDecision mount(String volumeId, String nodeId, long epoch, java.time.Instant now) {
        Pause.of(mountDelay);
        return StorageDriver.super.mount(volumeId, nodeId, epoch, now);
    }

    /** The ownership changes of a volume, oldest first. */
    public List<HistoryEntry> history(String volumeId) {
        synchronized (history) {
            return history.stream().filter(h -> h.volumeId().equals(volumeId)).toList();
        }
    }
}

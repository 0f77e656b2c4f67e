package io.hacluster.agent.driver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import io.hacluster.agent.domain.LeaseDecision;
import io.hacluster.agent.domain.LeaseRecord;
import io.hacluster.agent.domain.VolumeLeases;

/**
 * The port to shared storage. Every volume has a lease record {owner, epoch, state, renewedAt}; the driver makes each
 * change atomic across every node that shares the storage, and the rules of {@link VolumeLeases} decide it. One
 * driver instance serves all the nodes of a process; every call names the node it acts for.
 */
public interface StorageDriver extends AutoCloseable {

    /** The volume's lease record as stored now, or empty if it never had one. */
    Optional<LeaseRecord> read(String volumeId);

    /**
     * Decides a change of the volume's lease atomically: reads the record under the storage's lock, applies
     * {@code rule}, writes the new record when it is granted and differs, and appends a history line when ownership,
     * epoch or state change.
     *
     * @param volumeId the volume
     * @param nodeId the node asking
     * @param rule the decision, given the current record (null if none)
     */
    LeaseDecision change(String volumeId, String nodeId, Function<LeaseRecord, LeaseDecision> rule);

    /** Where the containers of a volume keep their data, for storage backed by files. */
    default Optional<Path> dataDir(String volumeId) {
        return Optional.empty();
    }

    /** Storage preemption, see {@link VolumeLeases#fence}. */
    default LeaseDecision fence(String volumeId, String nodeId, long epoch, Instant now) {
        return change(volumeId, nodeId, current -> VolumeLeases.fence(volumeId, current, nodeId, epoch, now));
    }

    /** Mount read-write, see {@link VolumeLeases#mount}. */
    default LeaseDecision mount(String volumeId, String nodeId, long epoch, Instant now) {
        return change(volumeId, nodeId, current -> VolumeLeases.mount(volumeId, current, nodeId, epoch, now));
    }

    /** Release, keeping the epoch, see {@link VolumeLeases#release}. */
    default LeaseDecision release(String volumeId, String nodeId, long epoch, Instant now) {
        return change(volumeId, nodeId, current -> VolumeLeases.release(volumeId, current, nodeId, epoch, now));
    }

    /** Renew a lease the node holds, see {@link VolumeLeases#renew}. */
    default LeaseDecision renew(String volumeId, String nodeId, long epoch, Instant now) {
        return change(volumeId, nodeId, current -> VolumeLeases.renew(volumeId, current, nodeId, epoch, now));
    }

    @Override
    default void close() {
    }
}

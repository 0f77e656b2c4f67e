package io.hacluster.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One node's heartbeat on the shared storage: the second witness, besides its heartbeats on Kafka. The agent rewrites
 * its slot every witness interval (atomically: a new file renamed over the old); anyone who reaches the storage reads
 * every slot. Whether a slot is fresh is judged by seeing its {@code seq} change on the reader's own monotonic clock,
 * never by comparing {@code writtenAt} with the reader's clock.
 * <p>
 * With the shared-directory storage driver the slot of node N is {@code <storage root>/.witness/N.json}, JSON in the
 * same encoding as the events ({@link io.hacluster.events.serde.EventCodec#mapper()}).
 *
 * @param nodeId the node
 * @param incarnation its current incarnation
 * @param seq increases with every write within an incarnation
 * @param writtenAt the node's clock when written (for the operator; not for freshness)
 * @param mode what the agent does: ACTIVE, FROZEN (control plane down: keeps its workloads) or SELF_FENCED
 * @param kafkaReachable whether a heartbeat of its incarnation was acknowledged by Kafka within half its isolation
 *        timeout (so that in a broker outage every slot says so before any isolation deadline passes)
 * @param lastAcknowledgedAt the node's clock when its last heartbeat was acknowledged, or null
 * @param isolationTimeoutMs the isolation timeout it applies
 * @param heldVolumes the volumes it holds (mounted) now; empty once it released them
 */
public record WitnessSlot(String nodeId, String incarnation, long seq, Instant writtenAt, NodeStatus.Mode mode,
        boolean kafkaReachable, Instant lastAcknowledgedAt, long isolationTimeoutMs, List<String> heldVolumes) {

    /** The directory of the slots under the shared storage root. */
    public static final String DIRECTORY = ".witness";

    public WitnessSlot {
        Objects.requireNonNull(nodeId, "nodeId");
        mode = mode == null ? NodeStatus.Mode.ACTIVE : mode;
        heldVolumes = heldVolumes == null ? List.of() : List.copyOf(heldVolumes);
    }

    /** The file name of a node's slot in {@link #DIRECTORY}. */
    public static String fileName(String nodeId) {
        return nodeId + ".json";
    }
}

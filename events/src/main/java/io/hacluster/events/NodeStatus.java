package io.hacluster.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A node's local truth, on the compacted {@link Topics#NODE_STATUS}, keyed by node id: published on every change and
 * at least every few seconds.
 *
 * @param nodeId the node
 * @param incarnation the agent's current incarnation
 * @param seq increases with every status within an incarnation
 * @param reportedAt the agent's clock
 * @param mode whether the agent serves, or has fenced itself
 * @param capacity the node's capacity
 * @param usage what its containers use
 * @param reachableVolumes the shared volumes this node can reach
 * @param containers containers on this node with their state
 * @param volumes volumes mounted read-write here, with their epoch
 * @param lastSelfFence the last time the agent fenced itself, or null
 */
public record NodeStatus(String nodeId, String incarnation, long seq, Instant reportedAt, Mode mode,
        Resources capacity, Resources usage, List<String> reachableVolumes, List<ContainerStatus> containers,
        List<VolumeStatus> volumes, SelfFence lastSelfFence) implements EventPayload {

    public NodeStatus {
        Objects.requireNonNull(nodeId, "nodeId");
        mode = mode == null ? Mode.ACTIVE : mode;
        reachableVolumes = reachableVolumes == null ? List.of() : List.copyOf(reachableVolumes);
        containers = containers == null ? List.of() : List.copyOf(containers);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    @Override
    public String key() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.NODE_STATUS;
    }

    /** The agent's own operating mode. */
    public enum Mode {
        /** Heartbeating and serving its groups. */
        ACTIVE,
        /** Cut off for longer than its isolation timeout: it stopped its containers and released its volumes. */
        SELF_FENCED,
        /**
         * Cut off from Kafka while the storage witness shows most other nodes cut off too: the control plane is down,
         * not this node. It keeps its containers and volumes, takes no new work, and serves again when Kafka is back.
         */
        FROZEN
    }

    /**
     * What the agent did when it fenced itself.
     *
     * @param at when (agent clock)
     * @param reason why
     * @param stoppedContainers the containers it stopped
     * @param releasedVolumes the volumes it released
     */
    public record SelfFence(Instant at, String reason, List<String> stoppedContainers, List<String> releasedVolumes) {

        public SelfFence {
            stoppedContainers = stoppedContainers == null ? List.of() : List.copyOf(stoppedContainers);
            releasedVolumes = releasedVolumes == null ? List.of() : List.copyOf(releasedVolumes);
        }
    }
}

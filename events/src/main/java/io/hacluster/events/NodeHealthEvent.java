package io.hacluster.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The health monitor's judgements, on {@link Topics#NODE_HEALTH} (one partition), keyed by node id. Each is emitted
 * once per transition of the node's liveness state.
 */
public sealed interface NodeHealthEvent extends EventPayload {

    @Override
    default String topic() {
        return Topics.NODE_HEALTH;
    }

    /**
     * Heartbeats are late: the node may be failing. Nothing moves yet.
     *
     * @param nodeId the node
     * @param incarnation its incarnation when last heard
     * @param lastHeartbeatAt arrival time of its last heartbeat at the monitor
     * @param suspectedAt when the monitor judged it suspect
     * @param reason the evidence, e.g. silence and the expected interval
     */
    record NodeSuspected(String nodeId, String incarnation, Instant lastHeartbeatAt, Instant suspectedAt,
            String reason) implements NodeHealthEvent {

        public NodeSuspected {
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String key() {
            return nodeId;
        }
    }

    /**
     * The node is declared failed: its groups are to be fenced and moved.
     *
     * @param nodeId the node
     * @param incarnation its incarnation when last heard
     * @param lastHeartbeatAt arrival time of its last heartbeat at the monitor
     * @param detectedAt when the monitor declared it failed
     * @param reason the evidence
     * @param heartbeatIntervalMs the interval the node advertised
     * @param isolationTimeoutMs the isolation timeout the node advertised: it fences itself after this long cut off
     */
    record NodeFailed(String nodeId, String incarnation, Instant lastHeartbeatAt, Instant detectedAt, String reason,
            long heartbeatIntervalMs, long isolationTimeoutMs) implements NodeHealthEvent {

        public NodeFailed {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
            Objects.requireNonNull(detectedAt, "detectedAt");
        }

        @Override
        public String key() {
            return nodeId;
        }
    }

    /**
     * The node is silent on Kafka but alive on the storage witness: it is cut off from the control plane, not dead. It
     * is not taken over until its slot shows it released its groups, its self-fence deadline has passed, or it is
     * power-fenced; then a NodeFailed follows.
     *
     * @param nodeId the node
     * @param incarnation its incarnation when last heard
     * @param lastHeartbeatAt arrival time of its last heartbeat at the monitor
     * @param isolatedAt when the monitor judged it isolated
     * @param witnessMode the mode its witness slot reports (ACTIVE, FROZEN, SELF_FENCED)
     * @param reason the evidence: the silence, and the witness slot's freshness
     */
    record NodeIsolated(String nodeId, String incarnation, Instant lastHeartbeatAt, Instant isolatedAt,
            String witnessMode, String reason) implements NodeHealthEvent {

        public NodeIsolated {
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String key() {
            return nodeId;
        }
    }

    /**
     * Heartbeats of the same incarnation arrive again after the node was suspected or declared failed.
     *
     * @param nodeId the node
     * @param incarnation its incarnation
     * @param recoveredAt when the monitor saw it back
     * @param previousState the liveness state it came back from (SUSPECT or FAILED)
     */
    record NodeRecovered(String nodeId, String incarnation, Instant recoveredAt, String previousState)
            implements
                NodeHealthEvent {

        public NodeRecovered {
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String key() {
            return nodeId;
        }
    }

    /**
     * The node came back with a new incarnation after it was declared failed: it restarted and must come back empty.
     *
     * @param nodeId the node
     * @param previousIncarnation the incarnation that was declared failed
     * @param incarnation the new incarnation
     * @param rejoinedAt when the monitor saw it back
     */
    record NodeRejoined(String nodeId, String previousIncarnation, String incarnation, Instant rejoinedAt)
            implements
                NodeHealthEvent {

        public NodeRejoined {
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String key() {
            return nodeId;
        }
    }

    /**
     * The monitor suspects itself rather than the nodes: a large share went silent at once. While active, no node is
     * declared failed.
     *
     * @param kind what was detected
     * @param active true when raised, false when cleared
     * @param silentNodes how many nodes are silent
     * @param totalNodes how many nodes the monitor judges
     * @param threshold the share of silent nodes that raises the alert
     * @param at when
     * @param message explanation for the operator
     * @param silentNodeIds up to a few of the silent nodes
     */
    record MonitorAlert(Kind kind, boolean active, int silentNodes, int totalNodes, double threshold, Instant at,
            String message, List<String> silentNodeIds) implements NodeHealthEvent {

        public MonitorAlert {
            Objects.requireNonNull(kind, "kind");
            silentNodeIds = silentNodeIds == null ? List.of() : List.copyOf(silentNodeIds);
        }

        @Override
        public String key() {
            return "monitor";
        }

        public enum Kind {
            /** Many nodes went silent at once: more likely Kafka or the network than the nodes. */
            MASS_SILENCE,
            /** Failure declarations are held back (after a guard, or while the monitor itself lags or stalled). */
            DECLARATIONS_HELD,
            /** The monitor sees no majority of the registered nodes on either witness: it declares nobody failed. */
            NO_QUORUM
        }
    }
}

package io.hacluster.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A node agent's periodic sign of life, on {@link Topics#NODE_HEARTBEATS}, keyed by node id.
 *
 * @param nodeId the node
 * @param incarnation a new random id at every start of the agent
 * @param seq increases by one per heartbeat within an incarnation
 * @param sentAt the agent's clock at sending; for information only, liveness is judged by arrival time
 * @param intervalMs the agent's heartbeat interval
 * @param isolationTimeoutMs after this long without delivering a heartbeat the agent fences itself
 * @param capacity the node's capacity
 * @param usage what its containers use
 */
public record NodeHeartbeat(String nodeId, String incarnation, long seq, Instant sentAt, long intervalMs,
        long isolationTimeoutMs, Resources capacity, Resources usage) implements EventPayload {

    public NodeHeartbeat {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(incarnation, "incarnation");
    }

    @Override
    public String key() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.NODE_HEARTBEATS;
    }
}

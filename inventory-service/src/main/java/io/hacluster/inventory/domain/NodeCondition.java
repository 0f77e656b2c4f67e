package io.hacluster.inventory.domain;

import java.util.Objects;

import io.hacluster.events.NodeStatus;

/**
 * What the inventory knows of a node's condition: its liveness, its agent's own mode and its maintenance mode, from
 * which its {@link NodeState} follows.
 *
 * @param liveness the monitor's last judgement
 * @param maintenance the operator's maintenance mode
 * @param drainRequestId the drain request being carried out or completed, or null
 * @param agentMode what the agent last said of itself (its status, or its witness slot through the monitor)
 */
public record NodeCondition(Liveness liveness, Maintenance maintenance, String drainRequestId,
        NodeStatus.Mode agentMode) {

    /** A node first heard of: alive and in service. */
    public static final NodeCondition NEW = new NodeCondition(Liveness.ALIVE, Maintenance.NONE, null);

    public NodeCondition {
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(maintenance, "maintenance");
        agentMode = agentMode == null ? NodeStatus.Mode.ACTIVE : agentMode;
    }

    /** A node whose agent serves. */
    public NodeCondition(Liveness liveness, Maintenance maintenance, String drainRequestId) {
        this(liveness, maintenance, drainRequestId, NodeStatus.Mode.ACTIVE);
    }

    /**
     * Liveness problems show first: a failed node in maintenance is FAILED. A frozen agent shows as FROZEN however
     * the monitor judges its silence (suspect, isolated), unless the monitor declared it failed.
     */
    public NodeState state() {
        if (liveness == Liveness.FAILED) {
            return NodeState.FAILED;
        }
        if (agentMode == NodeStatus.Mode.FROZEN) {
            return NodeState.FROZEN;
        }
        return switch (liveness) {
            case FAILED -> NodeState.FAILED;
            case ISOLATED -> NodeState.ISOLATED;
            case SUSPECT -> NodeState.SUSPECT;
            case ALIVE -> switch (maintenance) {
                case NONE -> NodeState.ACTIVE;
                case DRAINING -> NodeState.DRAINING;
                case MAINTENANCE -> NodeState.MAINTENANCE;
            };
        };
    }

    NodeCondition withLiveness(Liveness l) {
        return new NodeCondition(l, maintenance, drainRequestId, agentMode);
    }

    NodeCondition withMaintenance(Maintenance m, String requestId) {
        return new NodeCondition(liveness, m, requestId, agentMode);
    }

    NodeCondition withAgentMode(NodeStatus.Mode mode) {
        return new NodeCondition(liveness, maintenance, drainRequestId, mode);
    }
}

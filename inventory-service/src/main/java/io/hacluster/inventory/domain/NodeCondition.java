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
 * @param agentMode what the agent last said of itself (its status, or its witness slot through the monitor or read by
 *        the inventory)
 * @param reports whether the inventory still hears it (its statuses, or its witness slot)
 */
public record NodeCondition(Liveness liveness, Maintenance maintenance, String drainRequestId,
        NodeStatus.Mode agentMode, Reports reports) {

    /** A node first heard of: alive and in service. */
    public static final NodeCondition NEW = new NodeCondition(Liveness.ALIVE, Maintenance.NONE, null);

    public NodeCondition {
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(maintenance, "maintenance");
        agentMode = agentMode == null ? NodeStatus.Mode.ACTIVE : agentMode;
        reports = reports == null ? Reports.HEARD : reports;
    }

    /** A node the inventory hears. */
    public NodeCondition(Liveness liveness, Maintenance maintenance, String drainRequestId,
            NodeStatus.Mode agentMode) {
        this(liveness, maintenance, drainRequestId, agentMode, Reports.HEARD);
    }

    /** A node whose agent serves. */
    public NodeCondition(Liveness liveness, Maintenance maintenance, String drainRequestId) {
        this(liveness, maintenance, drainRequestId, NodeStatus.Mode.ACTIVE, Reports.HEARD);
    }

    /**
     * Liveness problems show first: a failed node in maintenance is FAILED. A frozen agent shows as FROZEN however
     * the monitor judges its silence (suspect, isolated), unless the monitor declared it failed, or unless nothing
     * fresh of it reaches the inventory any more (a node that froze may have lost its power since). The monitor's
     * ISOLATED rests on a fresh witness slot and shows as such; otherwise a node the inventory no longer hears is
     * UNKNOWN, whatever it was last.
     */
    public NodeState state() {
        if (liveness == Liveness.FAILED) {
            return NodeState.FAILED;
        }
        if (agentMode == NodeStatus.Mode.FROZEN && reports != Reports.UNHEARD) {
            return NodeState.FROZEN;
        }
        if (liveness == Liveness.ISOLATED) {
            return NodeState.ISOLATED;
        }
        if (reports == Reports.UNHEARD) {
            return NodeState.UNKNOWN;
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
        return new NodeCondition(l, maintenance, drainRequestId, agentMode, reports);
    }

    NodeCondition withMaintenance(Maintenance m, String requestId) {
        return new NodeCondition(liveness, m, requestId, agentMode, reports);
    }

    NodeCondition withAgentMode(NodeStatus.Mode mode) {
        return new NodeCondition(liveness, maintenance, drainRequestId, mode, reports);
    }

    NodeCondition withReports(Reports r) {
        return new NodeCondition(liveness, maintenance, drainRequestId, agentMode, r);
    }
}

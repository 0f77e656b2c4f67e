package io.hacluster.inventory.domain;

import java.util.Objects;

/**
 * What the inventory knows of a node's condition: its liveness and its maintenance mode, from which its
 * {@link NodeState} follows.
 *
 * @param liveness the monitor's last judgement
 * @param maintenance the operator's maintenance mode
 * @param drainRequestId the drain request being carried out or completed, or null
 */
public record NodeCondition(Liveness liveness, Maintenance maintenance, String drainRequestId) {

    /** A node first heard of: alive and in service. */
    public static final NodeCondition NEW = new NodeCondition(Liveness.ALIVE, Maintenance.NONE, null);

    public NodeCondition {
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(maintenance, "maintenance");
    }

    /** Liveness problems show first: a failed node in maintenance is FAILED. */
    public NodeState state() {
        return switch (liveness) {
            case FAILED -> NodeState.FAILED;
            case SUSPECT -> NodeState.SUSPECT;
            case ALIVE -> switch (maintenance) {
                case NONE -> NodeState.ACTIVE;
                case DRAINING -> NodeState.DRAINING;
                case MAINTENANCE -> NodeState.MAINTENANCE;
            };
        };
    }

    NodeCondition withLiveness(Liveness l) {
        return new NodeCondition(l, maintenance, drainRequestId);
    }

    NodeCondition withMaintenance(Maintenance m, String requestId) {
        return new NodeCondition(liveness, m, requestId);
    }
}

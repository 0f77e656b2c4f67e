package io.hacluster.placement.domain;

import java.util.Objects;

/**
 * A node's state as placement sees it, with the liveness it remembers so that an operator's resume returns the node
 * to what the monitor last said.
 *
 * @param state what placement does with the node
 * @param liveness what the monitor last said
 */
public record NodeCondition(NodeState state, Liveness liveness) {

    public static final NodeCondition NEW = new NodeCondition(NodeState.ACTIVE, Liveness.ALIVE);

    public NodeCondition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(liveness, "liveness");
    }

    /**
     * The one transition function of a node. Operator intent wins over liveness: a drained or maintained node stays
     * out of service whatever the monitor says, until an operator resumes it; the monitor's judgement is remembered
     * for that moment.
     */
    public NodeCondition on(NodeEvent event) {
        Liveness live = switch (event) {
            case SUSPECTED -> liveness == Liveness.FAILED ? Liveness.FAILED : Liveness.SUSPECT;
            case FAILED -> Liveness.FAILED;
            case RECOVERED, REJOINED -> Liveness.ALIVE;
            default -> liveness;
        };
        NodeState next = switch (event) {
            case SUSPECTED -> state == NodeState.ACTIVE ? NodeState.SUSPECT : state;
            case FAILED -> state == NodeState.ACTIVE || state == NodeState.SUSPECT ? NodeState.FAILED : state;
            case RECOVERED, REJOINED -> state == NodeState.SUSPECT || state == NodeState.FAILED ? NodeState.ACTIVE : state;
            case DRAIN_REQUESTED -> state == NodeState.FAILED ? NodeState.MAINTENANCE : NodeState.DRAINING;
            case DRAIN_COMPLETED -> state == NodeState.DRAINING ? NodeState.MAINTENANCE : state;
            case RESUME_REQUESTED -> state == NodeState.DRAINING || state == NodeState.MAINTENANCE
                    ? fromLiveness(live)
                    : state;
        };
        return new NodeCondition(next, live);
    }

    private static NodeState fromLiveness(Liveness liveness) {
        return switch (liveness) {
            case ALIVE -> NodeState.ACTIVE;
            case SUSPECT -> NodeState.SUSPECT;
            case FAILED -> NodeState.FAILED;
        };
    }
}

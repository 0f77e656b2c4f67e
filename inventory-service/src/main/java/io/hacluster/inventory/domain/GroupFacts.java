package io.hacluster.inventory.domain;

import java.util.List;
import java.util.Objects;

import io.hacluster.events.ContainerState;
import io.hacluster.events.DesiredState;

/**
 * What the inventory knows about one group, from which its {@link GroupState} follows.
 *
 * @param groupId the group
 * @param currentNodeId the node that holds its volume (newest evidence), or null
 * @param currentNodeState that node's state, or null
 * @param everLocated whether the group has ever been seen on a node
 * @param containers its containers, in start order, with their state on the current node
 * @param lastFailover its part in the most recent failover that concerned it, or null
 * @param pendingMove an operator's move that placement has not planned yet, or null
 * @param desire what the operator wants of the group; null reads as ONLINE, never changed
 * @param currentNodeReason why that node is in its state, or null
 */
public record GroupFacts(String groupId, String currentNodeId, NodeState currentNodeState, boolean everLocated,
        List<ContainerFact> containers, FailoverFact lastFailover, PendingMove pendingMove, Desire desire,
        String currentNodeReason) {

    public GroupFacts {
        Objects.requireNonNull(groupId, "groupId");
        containers = containers == null ? List.of() : List.copyOf(containers);
        desire = desire == null ? Desire.DEFAULT : desire;
    }

    /** The facts without the reason of the current node's state. */
    public GroupFacts(String groupId, String currentNodeId, NodeState currentNodeState, boolean everLocated,
            List<ContainerFact> containers, FailoverFact lastFailover, PendingMove pendingMove, Desire desire) {
        this(groupId, currentNodeId, currentNodeState, everLocated, containers, lastFailover, pendingMove, desire,
                null);
    }

    /** A group whose desired state was never changed (ONLINE). */
    public GroupFacts(String groupId, String currentNodeId, NodeState currentNodeState, boolean everLocated,
            List<ContainerFact> containers, FailoverFact lastFailover, PendingMove pendingMove) {
        this(groupId, currentNodeId, currentNodeState, everLocated, containers, lastFailover, pendingMove, null);
    }

    /** The same facts with another desired state. */
    public GroupFacts withDesire(Desire d) {
        return new GroupFacts(groupId, currentNodeId, currentNodeState, everLocated, containers, lastFailover,
                pendingMove, d, currentNodeReason);
    }

    /**
     * What the operator wants of the group, and who last said so.
     *
     * @param state ONLINE, OFFLINE or UNMANAGED
     * @param requestedBy who set it, or null when it was never changed
     * @param requestId the request that set it, or null
     */
    public record Desire(DesiredState state, String requestedBy, String requestId) {

        /** The state of a new group: run it. */
        public static final Desire DEFAULT = new Desire(DesiredState.ONLINE, null, null);

        public Desire {
            Objects.requireNonNull(state, "state");
        }

        /** "by alice (req-1)", or "" when nobody set it. */
        public String byWhom() {
            if (requestedBy == null && requestId == null) {
                return "";
            }
            return " by " + (requestedBy == null ? "unknown" : requestedBy)
                    + (requestId == null ? "" : " (" + requestId + ")");
        }
    }

    /**
     * A container and its state on the group's current node.
     *
     * @param containerId the container
     * @param state its state there, or null when that node does not report it
     */
    public record ContainerFact(String containerId, ContainerState state) {
    }

    /**
     * The group's part in a failover.
     *
     * @param failoverId the failover
     * @param failoverState the failover's state
     * @param outcome where the group stands in it
     * @param step the executor's current step for the group, or null
     * @param targetNodeId where the group is going, or null
     * @param reason why it is unplaceable, or why the failover failed, or null
     * @param action what the failover does with the group: move, restart in place, or stop
     * @param restartFrom for a restart in place: the first container restarted, else null
     * @param fromNodeId the node the group leaves, or null
     */
    public record FailoverFact(String failoverId, FailoverState failoverState, GroupOutcome outcome, String step,
            String targetNodeId, String reason, GroupAction action, String restartFrom, String fromNodeId) {

        public FailoverFact {
            action = action == null ? GroupAction.MOVE : action;
        }

        /** The group's part in a failover, without the node it leaves. */
        public FailoverFact(String failoverId, FailoverState failoverState, GroupOutcome outcome, String step,
                String targetNodeId, String reason, GroupAction action, String restartFrom) {
            this(failoverId, failoverState, outcome, step, targetNodeId, reason, action, restartFrom, null);
        }

        /** The group's part in a failover that moves it. */
        public FailoverFact(String failoverId, FailoverState failoverState, GroupOutcome outcome, String step,
                String targetNodeId, String reason) {
            this(failoverId, failoverState, outcome, step, targetNodeId, reason, GroupAction.MOVE, null);
        }

        public boolean underWay() {
            return !failoverState.ended() && !outcome.terminal();
        }
    }

    /**
     * An operator's move request not yet planned.
     *
     * @param requestId the request
     * @param targetNodeId the node asked for, or null for wherever placement chooses
     */
    public record PendingMove(String requestId, String targetNodeId) {
    }
}

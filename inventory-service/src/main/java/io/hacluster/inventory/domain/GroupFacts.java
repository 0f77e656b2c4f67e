package io.hacluster.inventory.domain;

import java.util.List;
import java.util.Objects;

import io.hacluster.events.ContainerState;

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
 */
public record GroupFacts(String groupId, String currentNodeId, NodeState currentNodeState, boolean everLocated,
        List<ContainerFact> containers, FailoverFact lastFailover, PendingMove pendingMove) {

    public GroupFacts {
        Objects.requireNonNull(groupId, "groupId");
        containers = containers == null ? List.of() : List.copyOf(containers);
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
     */
    public record FailoverFact(String failoverId, FailoverState failoverState, GroupOutcome outcome, String step,
            String targetNodeId, String reason) {

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

package io.hacluster.placement.domain;

import java.util.Objects;
import java.util.Set;

import io.hacluster.events.Resources;

/**
 * One node in a cluster snapshot.
 *
 * @param nodeId the node
 * @param state its state; only {@link NodeState#ACTIVE} nodes receive groups
 * @param statusKnown whether its agent has reported a status (capacity, volumes) yet
 * @param selfFenced whether its agent last reported that it has fenced itself
 * @param capacity its capacity
 * @param usage what its agent reports in use
 * @param reachableVolumes the shared volumes it can reach
 */
public record NodeView(String nodeId, NodeState state, boolean statusKnown, boolean selfFenced, Resources capacity,
        Resources usage, Set<String> reachableVolumes) {

    public NodeView {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(state, "state");
        capacity = capacity == null ? Resources.NONE : capacity;
        usage = usage == null ? Resources.NONE : usage;
        reachableVolumes = reachableVolumes == null ? Set.of() : Set.copyOf(reachableVolumes);
    }

    /** An active node that has reported. */
    public static NodeView active(String nodeId, Resources capacity, Resources usage, Set<String> reachableVolumes) {
        return new NodeView(nodeId, NodeState.ACTIVE, true, false, capacity, usage, reachableVolumes);
    }

    public NodeView withState(NodeState newState) {
        return new NodeView(nodeId, newState, statusKnown, selfFenced, capacity, usage, reachableVolumes);
    }
}

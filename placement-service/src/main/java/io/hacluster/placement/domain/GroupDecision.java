package io.hacluster.placement.domain;

import java.util.List;
import java.util.Objects;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.Resources;

/**
 * Where one group goes, or why it cannot go anywhere.
 *
 * @param groupId the group
 * @param volumeId its volume, or null for a group the registry does not know
 * @param fromNodeId the node it leaves, or null
 * @param priority its priority
 * @param containers its containers in start order
 * @param demand its CPU and memory
 * @param toNodeId the chosen node, or null when it is unplaceable
 * @param reason why it is unplaceable, in one sentence; null when placed
 * @param evaluations every node considered: eligible ones best first (the chosen one first), then the rejected ones in
 *        node id order
 * @param epoch for a restart in place: the epoch the group holds on its node; else 0
 * @param restartFrom for a restart in place: the first container to restart; else null
 */
public record GroupDecision(String groupId, String volumeId, String fromNodeId, int priority,
        List<ContainerSpec> containers, Resources demand, String toNodeId, String reason,
        List<Evaluation> evaluations, long epoch, String restartFrom) {

    public GroupDecision {
        Objects.requireNonNull(groupId, "groupId");
        containers = containers == null ? List.of() : List.copyOf(containers);
        demand = demand == null ? Resources.NONE : demand;
        evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
        if ((toNodeId == null) == (reason == null)) {
            throw new IllegalArgumentException("a decision has either a target or a reason: " + groupId);
        }
    }

    /** A decision that moves the group (or finds no node for it). */
    public GroupDecision(String groupId, String volumeId, String fromNodeId, int priority,
            List<ContainerSpec> containers, Resources demand, String toNodeId, String reason,
            List<Evaluation> evaluations) {
        this(groupId, volumeId, fromNodeId, priority, containers, demand, toNodeId, reason, evaluations, 0, null);
    }

    public boolean placed() {
        return toNodeId != null;
    }
}

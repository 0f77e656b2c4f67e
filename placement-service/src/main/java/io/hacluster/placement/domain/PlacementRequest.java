package io.hacluster.placement.domain;

import java.util.List;
import java.util.Objects;

import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;

/**
 * What placement is asked to plan. Every request names the event that caused it; the failover id derives from that
 * event id, so that a cause is planned once however often it is read.
 */
public sealed interface PlacementRequest {

    /** The event id of the cause. */
    String causeEventId();

    /** The cause as the plan reports it. */
    Trigger trigger();

    /** The failover id of the plan answering this request. */
    default String failoverId() {
        return FailoverIds.fromCause(causeEventId());
    }

    /**
     * The monitor declared a node failed: every group on it that no other failover is already moving goes elsewhere.
     *
     * @param failure what the monitor knew, copied into the trigger for the executor
     */
    record NodeFailed(String causeEventId, String nodeId, NodeFailure failure) implements PlacementRequest {

        public NodeFailed {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.NODE_FAILED, nodeId, null, null, causeEventId, failure, null);
        }
    }

    /** An operator drains a node: its groups go elsewhere while it is {@link NodeState#DRAINING}. */
    record NodeDrain(String causeEventId, String requestId, String nodeId) implements PlacementRequest {

        public NodeDrain {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.NODE_DRAIN, nodeId, null, requestId, causeEventId, null, null);
        }
    }

    /**
     * An operator moves a group: to the named node, or (target null) wherever placement chooses.
     *
     * @param targetNodeId the node asked for, or null
     */
    record GroupMove(String causeEventId, String requestId, String groupId, String targetNodeId)
            implements
                PlacementRequest {

        public GroupMove {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.GROUP_MOVE, null, groupId, requestId, causeEventId, null, null);
        }
    }

    /** A newly defined group that runs nowhere is started where it fits. */
    record GroupStart(String causeEventId, String groupId) implements PlacementRequest {

        public GroupStart {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.GROUP_START, null, groupId, null, causeEventId, null, null);
        }
    }

    /**
     * The executor could not bring a group online on its target: another target, never one of the excluded nodes.
     *
     * @param parentFailoverId the failover this re-plan continues
     * @param fromNodeId the node the group comes from
     * @param excludedNodes nodes that failed or refused in that failover
     * @param reason what went wrong, as the executor said
     */
    record Replan(String causeEventId, String requestId, String parentFailoverId, String groupId, String fromNodeId,
            List<String> excludedNodes, String reason) implements PlacementRequest {

        public Replan {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
            excludedNodes = excludedNodes == null ? List.of() : List.copyOf(excludedNodes);
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.REPLAN, null, groupId, requestId, causeEventId, null, parentFailoverId);
        }
    }

    /**
     * A group returns to a preferred owner ranked above the node it is on.
     *
     * @param preferredNodeId the preferred owner whose return made the failback due
     */
    record Failback(String causeEventId, String groupId, String preferredNodeId) implements PlacementRequest {

        public Failback {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.FAILBACK, preferredNodeId, groupId, null, causeEventId, null, null);
        }
    }
}

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

    /**
     * A decision of the reconciler: a group whose observed state differs from its desired state, and that no failover
     * is handling. Its cause id is {@code repair:<group>:<n>}, n the group's repair sequence, so that every instance
     * that read the same plans names the same repair alike.
     */
    sealed interface Repair extends PlacementRequest {

        String groupId();

        /** Why, in one sentence: the difference seen and the rule that decided. */
        String reason();

        /** The cause id of the group's repair number {@code sequence}. */
        static String causeId(String groupId, int sequence) {
            return "repair:" + groupId + ":" + sequence;
        }
    }

    /**
     * Restart a group's containers in place: {@code restartFrom} and every container after it in start order, on the
     * node and under the epoch the group holds there.
     */
    record Restart(String causeEventId, String groupId, String nodeId, long epoch, String restartFrom, String reason)
            implements
                Repair {

        public Restart {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(restartFrom, "restartFrom");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.RESTART, nodeId, groupId, null, causeEventId, null, null, reason);
        }
    }

    /**
     * Place a group that should run and runs nowhere, or whose node failed.
     *
     * @param fromNodeId the failed node it was last on, or null
     * @param failure when {@code fromNodeId} is a failed node: its failure, so that the executor fences it first
     */
    record Recover(String causeEventId, String groupId, String fromNodeId, NodeFailure failure, String reason)
            implements
                Repair {

        public Recover {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.RECOVER, fromNodeId, groupId, null, causeEventId, failure, null, reason);
        }
    }

    /**
     * Move a group off the live node it runs on, in order.
     *
     * @param fallback what to do instead when no other node can take it (a restart in place), or null
     */
    record Relocate(String causeEventId, String groupId, String fromNodeId, String reason, Restart fallback)
            implements
                Repair {

        public Relocate {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(fromNodeId, "fromNodeId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.RELOCATE, fromNodeId, groupId, null, causeEventId, null, null, reason);
        }
    }

    /** Stop a group where it runs and release its volume there: its desired state is OFFLINE. */
    record Stop(String causeEventId, String groupId, String nodeId, long epoch, String reason) implements Repair {

        public Stop {
            Objects.requireNonNull(causeEventId, "causeEventId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public Trigger trigger() {
            return new Trigger(TriggerKind.GROUP_STOP, nodeId, groupId, null, causeEventId, null, null, reason);
        }
    }
}

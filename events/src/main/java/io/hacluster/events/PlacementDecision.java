package io.hacluster.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Plans, on {@link Topics#PLACEMENT_DECISIONS} (one partition), keyed by failover id. */
public sealed interface PlacementDecision extends EventPayload {

    @Override
    default String topic() {
        return Topics.PLACEMENT_DECISIONS;
    }

    /**
     * Where each group of a failover goes, or why it cannot go anywhere.
     *
     * @param failoverId id of the failover this plan starts (or continues, for a re-plan)
     * @param trigger what caused it
     * @param sourceNodeId the node the groups leave, or null for a first start
     * @param assignments group → target node, in the order they are to be brought online
     * @param unplaceable groups no node can take, each with its reason
     * @param plannedAt when placement made the plan
     */
    record FailoverPlanned(String failoverId, Trigger trigger, String sourceNodeId, List<Assignment> assignments,
            List<Unplaceable> unplaceable, Instant plannedAt) implements PlacementDecision {

        public FailoverPlanned {
            Objects.requireNonNull(failoverId, "failoverId");
            Objects.requireNonNull(trigger, "trigger");
            assignments = assignments == null ? List.of() : List.copyOf(assignments);
            unplaceable = unplaceable == null ? List.of() : List.copyOf(unplaceable);
        }

        @Override
        public String key() {
            return failoverId;
        }
    }

    /** What a plan answers. */
    enum TriggerKind {
        /** The health monitor declared a node failed: fence it, then move its groups. */
        NODE_FAILED,
        /** An operator drains a node: stop its groups in order and move them. */
        NODE_DRAIN,
        /** An operator moves one group. */
        GROUP_MOVE,
        /** A group has no node yet: its first start. */
        GROUP_START,
        /** The executor could not bring a group online on its target: another target. */
        REPLAN,
        /** A group returns to its preferred owner. */
        FAILBACK
    }

    /**
     * The cause of a plan.
     *
     * @param kind what kind of cause
     * @param nodeId the node concerned (failed or drained), if any
     * @param groupId the group concerned (move, start, re-plan), if any
     * @param requestId the operator's or executor's request id, if any
     * @param causeEventId the event id of the cause; a cause is planned once
     * @param failure details of the node failure for {@link TriggerKind#NODE_FAILED}, else null
     * @param parentFailoverId for a re-plan: the failover it continues
     */
    record Trigger(TriggerKind kind, String nodeId, String groupId, String requestId, String causeEventId,
            NodeFailure failure, String parentFailoverId) {

        public Trigger {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * What the monitor knew of a failed node; the executor computes its self-fence deadline from it.
     *
     * @param incarnation the incarnation declared failed
     * @param lastHeartbeatAt arrival of its last heartbeat at the monitor
     * @param detectedAt when it was declared failed
     * @param isolationTimeoutMs the isolation timeout it advertised
     * @param reason the monitor's evidence
     */
    record NodeFailure(String incarnation, Instant lastHeartbeatAt, Instant detectedAt, long isolationTimeoutMs,
            String reason) {
    }

    /**
     * One group's target.
     *
     * @param groupId the group
     * @param volumeId its volume
     * @param fromNodeId where it was, or null
     * @param toNodeId where it goes
     * @param priority its priority
     * @param containers its containers in start order
     * @param candidates every node considered, with its score or why it was rejected
     */
    record Assignment(String groupId, String volumeId, String fromNodeId, String toNodeId, int priority,
            List<ContainerSpec> containers, List<Candidate> candidates) {

        public Assignment {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(toNodeId, "toNodeId");
            containers = containers == null ? List.of() : List.copyOf(containers);
            candidates = candidates == null ? List.of() : List.copyOf(candidates);
        }
    }

    /**
     * A group that no node can take.
     *
     * @param groupId the group
     * @param volumeId its volume
     * @param fromNodeId where it was, or null
     * @param priority its priority
     * @param reason why, in one sentence
     * @param candidates every node considered, and why each was rejected
     */
    record Unplaceable(String groupId, String volumeId, String fromNodeId, int priority, String reason,
            List<Candidate> candidates) {

        public Unplaceable {
            Objects.requireNonNull(groupId, "groupId");
            candidates = candidates == null ? List.of() : List.copyOf(candidates);
        }
    }

    /**
     * One node as placement saw it for one group.
     *
     * @param nodeId the node
     * @param eligible whether it passed every filter
     * @param rejectedBecause the first filter it failed, or null
     * @param preferredRank its rank in the group's preferred owners (0 = first), or -1 when not listed
     * @param freeCpuAfter free CPU (millicores) left on it if the group went there
     * @param freeMemoryAfterMb free memory (MiB) left on it if the group went there
     * @param chosen whether it was chosen
     */
    record Candidate(String nodeId, boolean eligible, String rejectedBecause, int preferredRank, long freeCpuAfter,
            long freeMemoryAfterMb, boolean chosen) {
    }
}

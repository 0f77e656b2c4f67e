package io.hacluster.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Placement's decisions, on {@link Topics#PLACEMENT_DECISIONS} (one partition): plans keyed by failover id, and the
 * failures it counted, keyed by group id.
 */
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
     * @param releases groups to stop where they run, their volume released there, and started nowhere (a group
     *        whose desired state is OFFLINE)
     */
    record FailoverPlanned(String failoverId, Trigger trigger, String sourceNodeId, List<Assignment> assignments,
            List<Unplaceable> unplaceable, Instant plannedAt, List<Release> releases) implements PlacementDecision {

        public FailoverPlanned {
            Objects.requireNonNull(failoverId, "failoverId");
            Objects.requireNonNull(trigger, "trigger");
            assignments = assignments == null ? List.of() : List.copyOf(assignments);
            unplaceable = unplaceable == null ? List.of() : List.copyOf(unplaceable);
            releases = releases == null ? List.of() : List.copyOf(releases);
        }

        /** A plan that stops nothing. */
        public FailoverPlanned(String failoverId, Trigger trigger, String sourceNodeId, List<Assignment> assignments,
                List<Unplaceable> unplaceable, Instant plannedAt) {
            this(failoverId, trigger, sourceNodeId, assignments, unplaceable, plannedAt, List.of());
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
        FAILBACK,
        /**
         * The reconciler: a container of a group ended or failed its check on a live node; restart it (and the
         * containers started after it) in place, on the node and under the epoch the group holds.
         */
        RESTART,
        /**
         * The reconciler: a group that should run runs nowhere (never placed, unplaceable before, its failover failed,
         * its node fenced or rejoined empty): place it. When it was last on a failed node not known to be fenced, the
         * trigger carries that node's failure and the executor fences it first.
         */
        RECOVER,
        /**
         * The reconciler: a group must leave the node it runs on (it kept failing there, the node is no longer among
         * its possible owners, or the node is draining or in maintenance): an orderly move.
         */
        RELOCATE,
        /** The reconciler: a group whose desired state is OFFLINE runs somewhere: stop it and release its volume. */
        GROUP_STOP
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
     * @param reason why placement acted, in one sentence (the reconciler's decisions always say), or null
     */
    record Trigger(TriggerKind kind, String nodeId, String groupId, String requestId, String causeEventId,
            NodeFailure failure, String parentFailoverId, String reason) {

        public Trigger {
            Objects.requireNonNull(kind, "kind");
        }

        /** A trigger without a reason of its own. */
        public Trigger(TriggerKind kind, String nodeId, String groupId, String requestId, String causeEventId,
                NodeFailure failure, String parentFailoverId) {
            this(kind, nodeId, groupId, requestId, causeEventId, failure, parentFailoverId, null);
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
     * @param epoch for a restart in place: the epoch under which the volume is mounted on the node (kept); else 0
     * @param restartFrom for a restart in place: the first container to restart; it and every container after it in
     *        start order are stopped (last first) and started again; else null
     */
    record Assignment(String groupId, String volumeId, String fromNodeId, String toNodeId, int priority,
            List<ContainerSpec> containers, List<Candidate> candidates, long epoch, String restartFrom) {

        public Assignment {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(toNodeId, "toNodeId");
            containers = containers == null ? List.of() : List.copyOf(containers);
            candidates = candidates == null ? List.of() : List.copyOf(candidates);
        }

        /** A move (not a restart in place). */
        public Assignment(String groupId, String volumeId, String fromNodeId, String toNodeId, int priority,
                List<ContainerSpec> containers, List<Candidate> candidates) {
            this(groupId, volumeId, fromNodeId, toNodeId, priority, containers, candidates, 0, null);
        }

        /** Whether this assignment restarts the group where it is instead of moving it. */
        public boolean inPlace() {
            return restartFrom != null && toNodeId.equals(fromNodeId);
        }
    }

    /**
     * A group to stop where it runs: its containers stopped last first, then its volume released on the node.
     *
     * @param groupId the group
     * @param volumeId its volume
     * @param nodeId the node it runs on
     * @param epoch the epoch under which its volume is mounted there
     * @param containers its containers in start order
     */
    record Release(String groupId, String volumeId, String nodeId, long epoch, List<ContainerSpec> containers) {

        public Release {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(volumeId, "volumeId");
            Objects.requireNonNull(nodeId, "nodeId");
            containers = containers == null ? List.of() : List.copyOf(containers);
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

    /**
     * Placement counted a failure of a group on a node: a container that ended or failed its check there while the
     * group should run, or a failover that could not bring the group online there. Published once per failure, with
     * the count that decides whether the node is avoided for the group.
     *
     * @param failureId derives from the evidence (the status or event that showed the failure); published once
     * @param groupId the group
     * @param nodeId the node
     * @param at when the failure was seen
     * @param reason what failed
     * @param failuresOnNode failures of the group on that node since its count was last forgotten, this one included
     * @param failureThreshold the group's threshold
     * @param avoidedUntil until when the node is avoided for the group; null when it is not avoided, or when it is
     *        avoided until an operator clears it (failure timeout 0: then {@code failuresOnNode >= failureThreshold})
     */
    record GroupFailureRecorded(String failureId, String groupId, String nodeId, Instant at, String reason,
            int failuresOnNode, int failureThreshold, Instant avoidedUntil) implements PlacementDecision {

        public GroupFailureRecorded {
            Objects.requireNonNull(failureId, "failureId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public String key() {
            return groupId;
        }
    }
}

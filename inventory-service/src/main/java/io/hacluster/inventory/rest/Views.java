package io.hacluster.inventory.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.hacluster.events.ContainerState;
import io.hacluster.events.DesiredState;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.inventory.domain.FailoverState;
import io.hacluster.inventory.domain.GroupAction;
import io.hacluster.inventory.domain.GroupOutcome;
import io.hacluster.inventory.domain.GroupState;
import io.hacluster.inventory.domain.Liveness;
import io.hacluster.inventory.domain.Maintenance;
import io.hacluster.inventory.domain.MonitorHearing;
import io.hacluster.inventory.domain.NodeState;
import io.hacluster.inventory.domain.Reports;
import io.hacluster.inventory.domain.RequestKind;
import io.hacluster.inventory.domain.RequestStatus;
import io.hacluster.inventory.domain.VolumeHolding;

/** The JSON documents the API serves. Field names are part of the API: add, never rename. */
public final class Views {

    private Views() {
    }

    /** One page of a list. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** CPU in millicores and memory in MiB. */
    public record Amount(long cpuMillis, long memoryMb) {
    }

    public record Node(String nodeId, NodeState state, String stateReason, Instant stateSince, Liveness liveness,
            Maintenance maintenance, String drainRequestId, String incarnation, Amount capacity, Amount usage,
            List<String> groups, List<NodeContainer> containers, List<NodeVolume> volumes,
            List<String> reachableVolumes, Instant lastStatusAt, Instant lastStatusReceivedAt,
            Instant lastHeartbeatAt, boolean selfFenced, SelfFence lastSelfFence, Instant lastFailedAt,
            Instant lastRejoinedAt, Instant firstSeenAt, NodeStatus.Mode agentMode, Instant lastIsolatedAt,
            Reports reports, Long lastStatusAgeMs) {
    }

    public record NodeContainer(String containerId, String groupId, ContainerState state, String detail,
            Instant reportedAt) {
    }

    /** A volume the node reports mounted; {@code state} FENCED when it was taken from the node since. */
    public record NodeVolume(String volumeId, String groupId, long epoch, Instant reportedAt, VolumeHolding.State state,
            String reason) {
    }

    public record SelfFence(Instant at, String reason, List<String> stoppedContainers, List<String> releasedVolumes) {
    }

    /**
     * A group: its definition, what the operator wants of it, and where and how it runs.
     *
     * @param desiredState ONLINE (run it), OFFLINE (stopped) or UNMANAGED (left alone)
     * @param desiredStateRequestId the request that last set the desired state, or null when it was never changed
     * @param desiredStateBy who asked for it, or null
     * @param desiredStateSince when, or null
     */
    public record Group(String groupId, String volumeId, int priority, List<String> preferredOwners,
            List<String> possibleOwners, String antiAffinityClass, Failback failback, List<GroupContainer> containers,
            GroupState state, String stateReason, Instant stateSince, String currentNodeId, Instant locatedAt,
            Long epoch, List<String> mountedOn, List<Mount> fencedOn, String lastFailoverId, String pendingRequestId,
            Instant createdAt,
            Instant updatedAt, DesiredState desiredState, String desiredStateRequestId, String desiredStateBy,
            Instant desiredStateSince, Recovery recovery, List<NodeFailures> failures) {
    }

    /**
     * The failures of a group on one node, as placement counted them; the node with the newest failure first.
     *
     * @param count failures counted on the node (the latest failure's count; placement forgets it once the node is
     *        no longer avoided)
     * @param threshold failures after which the node is avoided for the group
     * @param avoidedUntil until when the node is avoided for the group, or null when it is not (any more)
     * @param avoided whether the node is avoided for the group now
     * @param recent the latest failures there, newest first (at most 10)
     */
    public record NodeFailures(String nodeId, int count, int threshold, Instant lastFailureAt, String lastReason,
            Instant avoidedUntil, boolean avoided, List<Failure> recent) {
    }

    public record Failure(Instant at, String reason) {
    }

    public record Failback(String mode, long delaySeconds) {
    }

    /** How a group recovers from failures on a live node; the default when none was given. */
    public record Recovery(int restartThreshold, long restartPeriodSeconds, int failureThreshold,
            long failureTimeoutSeconds) {
    }

    /** A container's health check. */
    public record Check(List<String> command, long intervalMs, long timeoutMs, int failureThreshold) {
    }

    /**
     * A container within its group's document.
     *
     * @param state its state where it runs, or {@code ABSENT} when no node reports it
     * @param nodeId the node where it runs, or null
     * @param check its health check, or null for none
     */
    public record GroupContainer(String containerId, long cpuMillis, long memoryMb, List<String> command,
            String state, String nodeId, Check check) {
    }

    /**
     * A container and where it runs.
     *
     * @param state its state on {@code nodeId}, or {@code ABSENT} when no node reports it
     * @param nodeId the node where it runs (newest report of it starting, running or stopping), else the node that
     *        reported it last, else null
     * @param runningOn every node that reports it starting, running or stopping: more than one is a conflict
     * @param reports every node's latest report of it, newest first
     * @param check its health check, or null for none
     */
    public record Container(String containerId, String groupId, long cpuMillis, long memoryMb, List<String> command,
            String state, String nodeId, String detail, Instant reportedAt, List<String> runningOn,
            List<ContainerReport> reports, Check check) {
    }

    public record ContainerReport(String nodeId, ContainerState state, String detail, Instant reportedAt) {
    }

    /**
     * A volume and where it is mounted.
     *
     * @param currentNodeId the node with the newest report of it mounted, or null
     * @param epoch the fencing epoch under which it is mounted there, or null
     * @param mountedOn every node that reports it mounted and has not been fenced since, newest first: more than one
     *        is a conflict
     * @param fenced every node that reports it mounted but lost it since: fenced by the executor, or superseded by a
     *        higher epoch issued to another node
     */
    public record Volume(String volumeId, String groupId, String currentNodeId, Long epoch, List<Mount> mountedOn,
            List<Mount> fenced) {
    }

    /**
     * A node's report of a volume mounted, and whether it still holds it.
     *
     * @param state MOUNTED, or FENCED when the volume was taken from it since (the reason says how)
     * @param fencedByEpoch the epoch that fenced it, or null
     * @param fencedAt when the executor fenced it, or null
     * @param reason for a fenced mount, what fenced it; null for a mounted one
     */
    public record Mount(String nodeId, long epoch, Instant reportedAt, VolumeHolding.State state, Long fencedByEpoch,
            Instant fencedAt, String reason) {

        public static Mount of(VolumeHolding.Holding h) {
            return new Mount(h.nodeId(), h.epoch(), h.reportedAt(), h.state(), h.fencedByEpoch(), h.fencedAt(),
                    h.why());
        }
    }

    /**
     * What caused a failover.
     *
     * @param reason placement's one sentence on why it acted (the reconciler always gives one), else the monitor's
     *        evidence of the node failure
     * @param evidence the monitor's evidence, for a plan that answers a node failure; else null
     */
    public record Trigger(TriggerKind kind, String nodeId, String groupId, String requestId, String causeEventId,
            String reason, String parentFailoverId, String evidence) {
    }

    /**
     * A failover in a list. Timings are null where the step has not happened (or was not needed: no fencing for a
     * drain).
     *
     * @param durationMs from detection (or plan) to completion or failure, or null while under way
     */
    public record FailoverSummary(String failoverId, FailoverState state, Trigger trigger, String sourceNodeId,
            Integer relocated, Integer unplaceable, Instant detectedAt, Instant plannedAt, Instant startedAt,
            Instant fencedAt, Instant completedAt, Instant failedAt, Long durationMs, String failureReason) {
    }

    /** One failover with its groups, their steps and placement's reasons, and the fencing evidence. */
    public record Failover(String failoverId, FailoverState state, Trigger trigger, String sourceNodeId,
            Integer relocated, Integer unplaceable, Instant detectedAt, Instant plannedAt, Instant startedAt,
            Instant fencedAt, Instant completedAt, Instant failedAt, Long durationMs, String failureReason,
            List<FailoverGroup> groups, Fencing fencing) {
    }

    /**
     * One group of a failover.
     *
     * @param candidates every node placement considered, with its rank and free capacity after, or why it was
     *        rejected
     * @param steps the executor's steps for the group, in order, and every node that could not run it
     *        ({@code TARGET_FAILED})
     * @param action MOVE (to {@code targetNodeId}), RESTART (in place, on {@code targetNodeId}, from
     *        {@code restartFrom} on) or STOP (on {@code fromNodeId}, started nowhere)
     * @param stoppedAt for a stop: when the executor saw it stopped, else null
     */
    public record FailoverGroup(String groupId, String volumeId, String fromNodeId, String targetNodeId,
            Integer priority, GroupOutcome outcome, String step, String stepState, String detail, String reason,
            Long epoch, Instant startedAt, Instant onlineAt, List<String> containerIds,
            List<PlacementDecision.Candidate> candidates, List<Step> steps, GroupAction action, String restartFrom,
            Instant stoppedAt) {
    }

    public record Step(String step, String state, String targetNodeId, Instant at, String detail) {
    }

    /**
     * How the source node was fenced.
     *
     * @param nodeId the fenced node
     * @param method the method that succeeded
     * @param fencedAt when
     * @param attempts every method tried, in order, with its evidence
     */
    public record Fencing(String nodeId, String method, Instant fencedAt, List<FencingAttempt> attempts) {
    }

    public record FencingAttempt(String method, boolean succeeded, Instant startedAt, Instant finishedAt,
            String detail, List<Epochs> epochs) {
    }

    /** A volume's fencing epoch before and after the takeover. */
    public record Epochs(String volumeId, long epochBefore, long epochAfter) {
    }

    public record Request(String requestId, RequestKind kind, String nodeId, String groupId, String targetNodeId,
            String requestedBy, Instant requestedAt, RequestStatus status, String failoverId, String detail,
            Instant updatedAt) {
    }

    public record Counts<S>(long total, Map<S, Long> byState) {
    }

    public record ContainerCounts(long defined, long running) {
    }

    public record Alert(String kind, boolean active, int silentNodes, int totalNodes, double threshold, Instant at,
            String message, List<String> silentNodeIds) {
    }

    /**
     * The cluster at a glance.
     *
     * @param pendingPublications registry changes and requests not yet acknowledged by the broker
     */
    public record Cluster(Counts<NodeState> nodes, Counts<GroupState> groups, ContainerCounts containers,
            List<FailoverSummary> failoversInProgress, List<Alert> monitorAlerts, long pendingPublications,
            Monitor monitor, Consumers consumers) {
    }

    /**
     * Whether the health monitor is at work, seen from the broker: its consumer group on the heartbeats.
     *
     * @param state CONSUMING (the group has members), ABSENT (none: no node is being judged) or NOT_MEASURED
     * @param lastSeenAt the last look that found a member, or null (not since the inventory started)
     * @param measuredAt when the group was last looked at, or null
     * @param members its members then
     * @param heartbeatsBehind heartbeats written and not yet committed by the group then
     */
    public record Monitor(String groupId, MonitorHearing.State state, Instant lastSeenAt, Instant measuredAt,
            int members, long heartbeatsBehind, String reason) {
    }

    /**
     * How far behind the inventory's consumer group is: records written to each topic and not yet committed.
     *
     * @param measuredAt when last measured, or null before the first measurement
     * @param ageMs how long ago that was, or null
     * @param behind records behind per topic
     * @param error why the last measurement failed (the figures are then those of {@code measuredAt}), or null
     */
    public record Consumers(String groupId, Instant measuredAt, Long ageMs, Map<String, Long> behind,
            long totalBehind, String error) {
    }

    public record HistoryEntry(String eventId, String topic, String type, String key, String source,
            Instant occurredAt, Instant receivedAt, String summary) {
    }
}

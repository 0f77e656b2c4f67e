package io.hacluster.inventory.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;

import io.hacluster.events.ContainerState;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.HealthCheck;
import io.hacluster.events.PlacementDecision;
import io.hacluster.inventory.domain.GroupFailures;
import io.hacluster.inventory.domain.NodeState;
import io.hacluster.inventory.domain.VolumeHolding;
import io.hacluster.inventory.persistence.ContainerEntity;
import io.hacluster.inventory.persistence.ContainerReport;
import io.hacluster.inventory.persistence.ContainerReportRepository;
import io.hacluster.inventory.persistence.ContainerRepository;
import io.hacluster.inventory.persistence.FailoverEntity;
import io.hacluster.inventory.persistence.FailoverGroupEntity;
import io.hacluster.inventory.persistence.FailoverGroupRepository;
import io.hacluster.inventory.persistence.FailoverStepEntity;
import io.hacluster.inventory.persistence.FailoverStepRepository;
import io.hacluster.inventory.persistence.FencingAttemptEntity;
import io.hacluster.inventory.persistence.FencingAttemptRepository;
import io.hacluster.inventory.persistence.GroupEntity;
import io.hacluster.inventory.persistence.GroupFailureRepository;
import io.hacluster.inventory.persistence.GroupRepository;
import io.hacluster.inventory.persistence.HistoryEntry;
import io.hacluster.inventory.persistence.Json;
import io.hacluster.inventory.persistence.MonitorAlertEntity;
import io.hacluster.inventory.persistence.NodeEntity;
import io.hacluster.inventory.persistence.NodeRepository;
import io.hacluster.inventory.persistence.OperatorRequestEntity;
import io.hacluster.inventory.persistence.VolumeMount;
import io.hacluster.inventory.persistence.VolumeMountRepository;

/** Builds the API's documents from the tables. */
@ApplicationScoped
public class ViewAssembler {

    /** The state of a container that no node reports. */
    public static final String ABSENT = "ABSENT";
    /** The state of a container whose only report of it running comes from an UNKNOWN or FAILED node. */
    public static final String UNKNOWN = "UNKNOWN";

    private static final TypeReference<List<PlacementDecision.Candidate>> CANDIDATES = new TypeReference<>() {
    };
    private static final TypeReference<List<FailoverEvent.EpochChange>> EPOCHS = new TypeReference<>() {
    };
    private static final Set<ContainerState> ACTIVE = Set.of(ContainerState.STARTING, ContainerState.RUNNING,
            ContainerState.STOPPING);

    @Inject
    GroupRepository groups;
    @Inject
    ContainerRepository containers;
    @Inject
    ContainerReportRepository reports;
    @Inject
    VolumeMountRepository mounts;
    @Inject
    FailoverGroupRepository failoverGroups;
    @Inject
    FailoverStepRepository steps;
    @Inject
    FencingAttemptRepository attempts;
    @Inject
    GroupFailureRepository failures;
    @Inject
    NodeRepository nodes;
    @Inject
    Clock clock;

    public Views.Node node(NodeEntity n) {
        List<String> hosted = groups.onNode(n.nodeId).stream().map(g -> g.groupId).toList();
        List<Views.NodeContainer> cs = reports.ofNode(n.nodeId).stream()
                .map(r -> new Views.NodeContainer(r.containerId, r.groupId, r.state, r.detail, r.reportedAt)).toList();
        List<Views.NodeVolume> vs = new ArrayList<>();
        for (VolumeMount m : mounts.ofNode(n.nodeId)) {
            VolumeHolding.Holding h = mounts.holdings(m.volumeId).stream().filter(x -> x.nodeId().equals(n.nodeId))
                    .findFirst().orElseThrow();
            vs.add(new Views.NodeVolume(m.volumeId, m.groupId, m.epoch, m.reportedAt, h.state(), h.why()));
        }
        Views.SelfFence selfFence = n.selfFenceAt == null
                ? null
                : new Views.SelfFence(n.selfFenceAt, n.selfFenceReason, n.selfFenceStopped, n.selfFenceReleased);
        return new Views.Node(n.nodeId, n.state, n.stateReason, n.stateSince, n.liveness, n.maintenance,
                n.drainRequestId, n.incarnation, new Views.Amount(n.capacityCpuMillis, n.capacityMemoryMb),
                new Views.Amount(n.usageCpuMillis, n.usageMemoryMb), hosted, cs, vs, n.reachableVolumes,
                n.statusReportedAt, n.statusReceivedAt, n.lastHeartbeatAt, n.selfFenced, selfFence, n.lastFailedAt,
                n.lastRejoinedAt, n.firstSeenAt, n.agentMode, n.lastIsolatedAt, n.reports,
                n.statusReceivedAt == null
                        ? null
                        : Math.max(0, Duration.between(n.statusReceivedAt, clock.instant()).toMillis()));
    }

    public Views.Group group(GroupEntity g) {
        List<ContainerEntity> defined = containers.ofGroup(g.groupId);
        Map<String, List<ContainerReport>> byContainer = new HashMap<>();
        for (ContainerReport r : reports.ofContainers(defined.stream().map(c -> c.containerId).toList())) {
            byContainer.computeIfAbsent(r.containerId, k -> new ArrayList<>()).add(r);
        }
        List<Views.GroupContainer> cs = new ArrayList<>();
        Predicate<ContainerReport> vouched = vouching();
        for (ContainerEntity c : defined) {
            ContainerReport where = whereItRuns(byContainer.getOrDefault(c.containerId, List.of()), vouched);
            cs.add(new Views.GroupContainer(c.containerId, c.cpuMillis, c.memoryMb, c.command,
                    shownState(where, vouched), where == null ? null : where.nodeId, check(c.healthCheck)));
        }
        List<VolumeHolding.Holding> held = mounts.holdings(g.volumeId);
        List<VolumeHolding.Holding> mounted = held.stream().filter(VolumeHolding.Holding::mounted).toList();
        Long epoch = mounted.isEmpty() ? null : mounted.get(0).epoch();
        return new Views.Group(g.groupId, g.volumeId, g.priority, g.preferredOwners, g.possibleOwners,
                g.antiAffinityClass, new Views.Failback(g.failbackMode.name(), g.failbackDelaySeconds), cs, g.state,
                g.stateReason, g.stateSince, g.currentNodeId, g.locatedAt, epoch,
                mounted.stream().map(VolumeHolding.Holding::nodeId).toList(),
                held.stream().filter(h -> !h.mounted()).map(Views.Mount::of).toList(), g.lastFailoverId, g.pendingRequestId,
                g.createdAt,
                g.updatedAt, g.desiredState, g.desiredRequestId, g.desiredBy, g.desiredSince,
                new Views.Recovery(g.recovery.restartThreshold(), g.recovery.restartPeriodSeconds(),
                        g.recovery.failureThreshold(), g.recovery.failureTimeoutSeconds()),
                failures(g.groupId));
    }

    public Views.Container container(ContainerEntity c) {
        List<ContainerReport> all = reports.ofContainer(c.containerId);
        Predicate<ContainerReport> vouched = vouching();
        ContainerReport where = whereItRuns(all, vouched);
        List<String> runningOn = all.stream().filter(r -> ACTIVE.contains(r.state) && vouched.test(r))
                .map(r -> r.nodeId).toList();
        return new Views.Container(c.containerId, c.groupId, c.cpuMillis, c.memoryMb, c.command,
                shownState(where, vouched), where == null ? null : where.nodeId,
                where == null ? null : where.detail, where == null ? null : where.reportedAt, runningOn,
                all.stream().map(r -> new Views.ContainerReport(r.nodeId, r.state, r.detail, r.reportedAt)).toList(),
                check(c.healthCheck));
    }

    private List<Views.NodeFailures> failures(String groupId) {
        List<GroupFailures.Failure> all = failures.ofGroup(groupId).stream()
                .map(f -> new GroupFailures.Failure(f.nodeId, f.at, f.reason, f.failuresOnNode, f.failureThreshold,
                        f.avoidedUntil))
                .toList();
        return GroupFailures.summarize(all, clock.instant()).stream()
                .map(n -> new Views.NodeFailures(n.nodeId(), n.count(), n.threshold(), n.lastFailureAt(),
                        n.lastReason(), n.avoidedUntil(), n.avoided(),
                        n.recent().stream().map(r -> new Views.Failure(r.at(), r.reason())).toList()))
                .toList();
    }

    private static Views.Check check(HealthCheck h) {
        return h == null ? null : new Views.Check(h.command(), h.intervalMs(), h.timeoutMs(), h.failureThreshold());
    }

    /** A volume by id, or null when neither the registry nor any node knows it. */
    public Views.Volume volume(String volumeId) {
        GroupEntity owner = groups.findByVolume(volumeId);
        List<VolumeMount> reported = mounts.ofVolume(volumeId);
        if (owner == null && reported.isEmpty()) {
            return null;
        }
        List<VolumeHolding.Holding> held = VolumeHolding.judge(reported.stream().map(VolumeMount::asMount).toList());
        VolumeHolding.Holding holder = held.stream().filter(VolumeHolding.Holding::mounted).findFirst().orElse(null);
        String groupId = owner != null ? owner.groupId : reported.get(0).groupId;
        return new Views.Volume(volumeId, groupId, holder == null ? null : holder.nodeId(),
                holder == null ? null : holder.epoch(),
                held.stream().filter(VolumeHolding.Holding::mounted).map(Views.Mount::of).toList(),
                held.stream().filter(h -> !h.mounted()).map(Views.Mount::of).toList());
    }

    /** Every volume known: those of the registry and those any node reports, sorted. */
    public List<String> volumeIds() {
        Set<String> ids = new java.util.TreeSet<>(mounts.mountedVolumeIds());
        groups.listAll().forEach(g -> ids.add(g.volumeId));
        return List.copyOf(ids);
    }

    public Views.FailoverSummary failoverSummary(FailoverEntity f) {
        return new Views.FailoverSummary(f.failoverId, f.state, trigger(f), f.sourceNodeId, f.relocatedCount,
                f.unplaceableCount, f.detectedAt, f.plannedAt, f.startedAt, f.fencedAt, f.completedAt, f.failedAt,
                durationMs(f), f.failureReason);
    }

    public Views.Failover failover(FailoverEntity f) {
        Map<String, List<Views.Step>> stepsByGroup = new HashMap<>();
        for (FailoverStepEntity s : steps.ofFailover(f.failoverId)) {
            stepsByGroup.computeIfAbsent(s.groupId, k -> new ArrayList<>())
                    .add(new Views.Step(s.step, s.state, s.targetNodeId, s.at, s.detail));
        }
        List<Views.FailoverGroup> gs = new ArrayList<>();
        for (FailoverGroupEntity fg : failoverGroups.ofFailover(f.failoverId)) {
            gs.add(new Views.FailoverGroup(fg.groupId, fg.volumeId, fg.fromNodeId, fg.targetNodeId, fg.priority,
                    fg.outcome, fg.step, fg.stepState, fg.detail, fg.reason, fg.epoch, fg.startedAt, fg.onlineAt,
                    fg.containerIds, Json.read(fg.candidates, CANDIDATES),
                    stepsByGroup.getOrDefault(fg.groupId, List.of()), fg.action, fg.restartFrom, fg.stoppedAt));
        }
        return new Views.Failover(f.failoverId, f.state, trigger(f), f.sourceNodeId, f.relocatedCount,
                f.unplaceableCount, f.detectedAt, f.plannedAt, f.startedAt, f.fencedAt, f.completedAt, f.failedAt,
                durationMs(f), f.failureReason, gs, fencing(f));
    }

    public Views.Request request(OperatorRequestEntity r) {
        return new Views.Request(r.requestId, r.kind, r.nodeId, r.groupId, r.targetNodeId, r.requestedBy,
                r.requestedAt, r.status, r.failoverId, r.detail, r.updatedAt);
    }

    public Views.Alert alert(MonitorAlertEntity a) {
        return new Views.Alert(a.kind, a.active, a.silentNodes, a.totalNodes, a.threshold, a.raisedAt, a.message,
                a.silentNodeIds);
    }

    public Views.HistoryEntry history(HistoryEntry e) {
        return new Views.HistoryEntry(e.eventId, e.topic, e.type, e.recordKey, e.source, e.occurredAt, e.receivedAt,
                e.summary);
    }

    private Views.Fencing fencing(FailoverEntity f) {
        List<FencingAttemptEntity> tried = attempts.ofFailover(f.failoverId);
        if (f.fencedAt == null && tried.isEmpty()) {
            return null;
        }
        List<Views.FencingAttempt> views = new ArrayList<>();
        for (FencingAttemptEntity a : tried) {
            List<Views.Epochs> epochs = Json.read(a.epochs, EPOCHS).stream()
                    .map(e -> new Views.Epochs(e.volumeId(), e.before(), e.after())).toList();
            views.add(new Views.FencingAttempt(a.method, a.succeeded, a.startedAt, a.finishedAt, a.detail, epochs));
        }
        String nodeId = f.fencedNodeId != null
                ? f.fencedNodeId
                : tried.isEmpty() ? f.sourceNodeId : tried.get(0).nodeId;
        return new Views.Fencing(nodeId, f.fencingMethod, f.fencedAt, views);
    }

    private static Views.Trigger trigger(FailoverEntity f) {
        return new Views.Trigger(f.triggerKind, f.triggerNodeId, f.triggerGroupId, f.requestId, f.causeEventId,
                f.triggerReason, f.parentFailoverId, f.triggerEvidence);
    }

    private static Long durationMs(FailoverEntity f) {
        Instant begin = f.detectedAt != null ? f.detectedAt : f.plannedAt;
        Instant end = f.completedAt != null ? f.completedAt : f.failedAt;
        return begin == null || end == null ? null : Duration.between(begin, end).toMillis();
    }

    /**
     * The report that says where a container runs: the newest active one of a node that vouches for its reports, else
     * the newest active one, else the newest, else null.
     */
    private static ContainerReport whereItRuns(List<ContainerReport> newestFirst,
            Predicate<ContainerReport> vouched) {
        ContainerReport active = null;
        for (ContainerReport r : newestFirst) {
            if (ACTIVE.contains(r.state)) {
                if (vouched.test(r)) {
                    return r;
                }
                active = active == null ? r : active;
            }
        }
        return active != null ? active : newestFirst.isEmpty() ? null : newestFirst.get(0);
    }

    /** The state shown: UNKNOWN for an active report of a node whose reports stand for nothing now. */
    private static String shownState(ContainerReport where, Predicate<ContainerReport> vouched) {
        if (where == null) {
            return ABSENT;
        }
        return ACTIVE.contains(where.state) && !vouched.test(where) ? UNKNOWN : where.state.name();
    }

    /**
     * Whether a report of a container stands for the present: its node vouches for its reports
     * ({@link NodeState#vouchesForItsReports()}), and the node's mount of the group's volume was not fenced since
     * ({@link VolumeHolding}): a node that lost the volume runs nothing of the group, whatever it last said. One lookup
     * per node and per group.
     */
    private Predicate<ContainerReport> vouching() {
        Map<String, Boolean> nodeVouches = new HashMap<>();
        Map<String, Set<String>> fencedByGroup = new HashMap<>();
        return r -> {
            boolean node = nodeVouches.computeIfAbsent(r.nodeId, id -> {
                NodeEntity n = nodes.findById(id);
                return n == null || n.state.vouchesForItsReports();
            });
            if (!node || r.groupId == null) {
                return node;
            }
            Set<String> fenced = fencedByGroup.computeIfAbsent(r.groupId, id -> {
                GroupEntity g = groups.findById(id);
                return g == null
                        ? Set.of()
                        : mounts.holdings(g.volumeId).stream().filter(h -> !h.mounted())
                                .map(VolumeHolding.Holding::nodeId).collect(java.util.stream.Collectors.toSet());
            });
            return !fenced.contains(r.nodeId);
        };
    }

}

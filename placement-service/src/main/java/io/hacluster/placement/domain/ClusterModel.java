package io.hacluster.placement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.DesiredState;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.GroupFailureRecorded;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Release;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;
import io.hacluster.events.RecoveryPolicy;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;

/**
 * Everything placement knows, built by applying the events of its input topics: node status, node health, the
 * registry and operator requests, the plans published so far, and the executor's reports. Any instance that has
 * applied the same events holds the same model, whatever the interleaving of the topics; that is what lets a standby
 * take over with the full state.
 * <p>
 * The model also keeps the causes not yet answered by a plan ({@link #nextRequest()}); a cause is answered once a
 * {@link FailoverPlanned} naming it has been applied, by whichever instance published it. For the reconciler it
 * observes every group ({@link #observations}): where it runs, whether its containers run there, which failover
 * handles it, its failures and its repairs. Not thread-safe: one thread applies events and takes decisions.
 */
public final class ClusterModel {

    /** Where a volume was seen mounted, under which epoch. */
    private record Mount(String nodeId, long epoch) {
    }

    /**
     * A group a published plan handles until the executor reports it done or the failover ends: with the capacity it
     * holds on its target (null once given up, or for a plan that stops it), until {@code expiresAt}.
     */
    private record Claim(String failoverId, String parentFailoverId, Reservation reservation, Instant expiresAt) {

        boolean belongsTo(String id) {
            return failoverId.equals(id) || id.equals(parentFailoverId);
        }

        Claim withoutCapacity() {
            return new Claim(failoverId, parentFailoverId, null, expiresAt);
        }
    }

    /** The status of a node from which a group's container states can be trusted again after a failover. */
    private record Fresh(String nodeId, String incarnation, long seq) {
    }

    private static final class NodeRecord {

        NodeCondition condition = NodeCondition.NEW;
        NodeStatus status;
        Set<String> reachable = Set.of();
        String drainFailoverId;
        String activeSinceEventId;
        Instant activeSince;
        NodeFailure failure;
    }

    private final Duration reservationTimeout;
    private final Map<String, NodeRecord> nodes = new TreeMap<>();
    private final Map<String, GroupSpec> registry = new TreeMap<>();
    private final Map<String, DesiredState> desired = new HashMap<>();
    /** Groups removed from the registry while they ran: kept, desired OFFLINE, until they are stopped. */
    private final Set<String> removed = new HashSet<>();
    private final Map<String, Mount> statusMounts = new HashMap<>();
    private final Map<String, Set<String>> listedByNode = new HashMap<>();
    private final Map<String, Mount> relocations = new HashMap<>();
    private final Map<String, Claim> claims = new TreeMap<>();
    private final Map<String, Fresh> freshAfter = new HashMap<>();
    private final Set<String> plannedCauses = new HashSet<>();
    private final Set<String> knownFailovers = new HashSet<>();
    private final Map<String, String> parents = new HashMap<>();
    private final Set<String> finishedFailovers = new HashSet<>();
    private final Set<String> doneGroups = new HashSet<>();
    private final Set<String> givenUpGroups = new HashSet<>();
    private final Map<String, PlacementRequest> pending = new LinkedHashMap<>();
    private final FailureHistory failures = new FailureHistory();
    private final RepairHistory repairs = new RepairHistory();
    private long topology;
    private boolean countStatusFailures;

    /** @param reservationTimeout how long a reservation holds if the executor never reports on its group */
    public ClusterModel(Duration reservationTimeout) {
        this.reservationTimeout = Objects.requireNonNull(reservationTimeout, "reservationTimeout");
    }

    /**
     * Whether a container reported FAILED in a node status counts as a failure of its group. Off while an instance
     * replays its topics (what was counted then is in the published {@link GroupFailureRecorded}s, and the plans that
     * were in flight at the time may be read later than the statuses), on once it has caught up.
     */
    public void countFailuresFromStatus(boolean on) {
        this.countStatusFailures = on;
    }

    // ---------------------------------------------------------------- node-status

    /** A node agent's status: capacity, usage, reachable volumes, and the volumes mounted there (group locations). */
    public void onNodeStatus(String eventId, Instant occurredAt, NodeStatus status) {
        boolean known = nodes.containsKey(status.nodeId());
        NodeRecord node = node(status.nodeId(), eventId, occurredAt);
        if (!known) {
            topology++;
        }
        NodeStatus before = node.status;
        node.status = status;
        node.reachable = Set.copyOf(status.reachableVolumes()); // once per status, shared by every snapshot
        Set<String> listed = new HashSet<>();
        for (VolumeStatus v : status.volumes()) {
            listed.add(v.volumeId());
            Mount seen = statusMounts.get(v.volumeId());
            if (seen == null || v.epoch() >= seen.epoch()) {
                statusMounts.put(v.volumeId(), new Mount(status.nodeId(), v.epoch()));
            }
            String groupId = v.groupId() != null ? v.groupId() : groupOfVolume(v.volumeId());
            Mount relocated = groupId == null ? null : relocations.get(groupId);
            if (relocated != null && (relocated.nodeId().equals(status.nodeId()) || relocated.epoch() <= v.epoch())) {
                relocations.remove(groupId);
            }
        }
        for (String previously : listedByNode.getOrDefault(status.nodeId(), Set.of())) {
            Mount seen = statusMounts.get(previously);
            if (!listed.contains(previously) && seen != null && seen.nodeId().equals(status.nodeId())) {
                statusMounts.remove(previously);
            }
        }
        listedByNode.put(status.nodeId(), listed);
        if (status.mode() == NodeStatus.Mode.SELF_FENCED) {
            relocations.values().removeIf(m -> m.nodeId().equals(status.nodeId()));
        }
        if (countStatusFailures) {
            countContainerFailures(eventId, occurredAt, before, status);
        }
    }

    /**
     * A container of a group that should run there, reported FAILED where the node's previous status did not say so,
     * while no failover handles the group (a failover reports its own failures), is a failure of the group there.
     */
    private void countContainerFailures(String eventId, Instant at, NodeStatus before, NodeStatus status) {
        Map<String, ContainerState> previously = new HashMap<>();
        if (before != null && Objects.equals(before.incarnation(), status.incarnation())) {
            before.containers().forEach(c -> previously.put(c.containerId(), c.state()));
        }
        for (ContainerStatus c : status.containers()) {
            if (c.state() != ContainerState.FAILED || previously.get(c.containerId()) == ContainerState.FAILED
                    || c.groupId() == null) {
                continue;
            }
            GroupSpec group = registry.get(c.groupId());
            if (group == null || desiredState(group.groupId()) != DesiredState.ONLINE
                    || !status.nodeId().equals(location(group)) || claimOf(group.groupId(), at) != null) {
                continue;
            }
            failures.record(new FailureHistory.Failure(eventId + "/" + c.containerId(), group.groupId(),
                    status.nodeId(), at, "container " + c.containerId() + " FAILED" + (c.detail() == null
                            || c.detail().isBlank() ? "" : ": " + c.detail())));
        }
    }

    // ---------------------------------------------------------------- node-health

    /** The monitor's judgements. A NodeFailed is a cause to plan. */
    public List<NodeTransition> onNodeHealth(String eventId, Instant occurredAt, NodeHealthEvent event) {
        if (event instanceof NodeHealthEvent.NodeSuspected s) {
            return transition(s.nodeId(), NodeEvent.SUSPECTED, "NodeSuspected: " + s.reason(), eventId, occurredAt);
        }
        if (event instanceof NodeHealthEvent.NodeFailed f) {
            NodeFailure failure = new NodeFailure(f.incarnation(), f.lastHeartbeatAt(), f.detectedAt(),
                    f.isolationTimeoutMs(), f.reason());
            addPending(new PlacementRequest.NodeFailed(eventId, f.nodeId(), failure));
            List<NodeTransition> changes = transition(f.nodeId(), NodeEvent.FAILED, "NodeFailed: " + f.reason(),
                    eventId, occurredAt);
            nodes.get(f.nodeId()).failure = failure;
            return changes;
        }
        if (event instanceof NodeHealthEvent.NodeRecovered r) {
            List<NodeTransition> changes = transition(r.nodeId(), NodeEvent.RECOVERED, "NodeRecovered from "
                    + r.previousState(), eventId, occurredAt);
            nodes.get(r.nodeId()).failure = null;
            return changes;
        }
        if (event instanceof NodeHealthEvent.NodeRejoined r) {
            // a new incarnation comes back empty: what it still owns, its next status will say
            relocations.values().removeIf(m -> m.nodeId().equals(r.nodeId()));
            statusMounts.values().removeIf(m -> m.nodeId().equals(r.nodeId()));
            listedByNode.remove(r.nodeId());
            List<NodeTransition> changes = transition(r.nodeId(), NodeEvent.REJOINED, "NodeRejoined with incarnation "
                    + r.incarnation(), eventId, occurredAt);
            nodes.get(r.nodeId()).failure = null;
            return changes;
        }
        return List.of();
    }

    // ---------------------------------------------------------------- cluster-admin

    /** The registry and the operator's (and executor's) requests. */
    public List<NodeTransition> onAdmin(String eventId, Instant occurredAt, AdminEvent event) {
        if (event instanceof AdminEvent.GroupDefined d) {
            if (removed.remove(d.group().groupId())) {
                desired.remove(d.group().groupId()); // defined again before the old one had stopped: a new group
            }
            registry.put(d.group().groupId(), d.group());
            addPending(new PlacementRequest.GroupStart(eventId, d.group().groupId()));
        } else if (event instanceof AdminEvent.GroupChanged c) {
            registry.put(c.group().groupId(), c.group());
            topology++;
        } else if (event instanceof AdminEvent.GroupRemoved r) {
            GroupSpec group = registry.get(r.groupId());
            if (group != null && location(group) != null) {
                // it still runs: it stays, desired OFFLINE, until it is stopped there (the reconciler plans the
                // stop) and is forgotten once it is located nowhere (observations)
                removed.add(r.groupId());
                desired.put(r.groupId(), DesiredState.OFFLINE);
            } else {
                forget(r.groupId());
            }
            topology++;
        } else if (event instanceof AdminEvent.GroupDesiredStateChanged d) {
            if (!removed.contains(d.groupId())) {
                desired.put(d.groupId(), d.desiredState());
            }
            topology++;
        } else if (event instanceof AdminEvent.GroupFailuresCleared c) {
            failures.clear(c.groupId(), c.nodeId(), occurredAt);
            topology++;
        } else if (event instanceof AdminEvent.NodeDrainRequested d) {
            addPending(new PlacementRequest.NodeDrain(eventId, d.requestId(), d.nodeId()));
            List<NodeTransition> changes = new ArrayList<>(transition(d.nodeId(), NodeEvent.DRAIN_REQUESTED,
                    "NodeDrainRequested " + d.requestId() + " by " + d.requestedBy(), eventId, occurredAt));
            String drainFailover = FailoverIds.fromCause(eventId);
            nodes.get(d.nodeId()).drainFailoverId = drainFailover;
            if (finishedFailovers.contains(drainFailover)) {
                changes.addAll(transition(d.nodeId(), NodeEvent.DRAIN_COMPLETED, "drain failover " + drainFailover
                        + " finished", eventId, occurredAt));
            }
            return changes;
        } else if (event instanceof AdminEvent.NodeResumeRequested r) {
            List<NodeTransition> changes = transition(r.nodeId(), NodeEvent.RESUME_REQUESTED,
                    "NodeResumeRequested " + r.requestId() + " by " + r.requestedBy(), eventId, occurredAt);
            nodes.get(r.nodeId()).drainFailoverId = null;
            return changes;
        } else if (event instanceof AdminEvent.GroupMoveRequested m) {
            addPending(new PlacementRequest.GroupMove(eventId, m.requestId(), m.groupId(), m.targetNodeId()));
        } else if (event instanceof AdminEvent.GroupReplanRequested r) {
            addPending(new PlacementRequest.Replan(eventId, r.requestId(), r.failoverId(), r.groupId(),
                    r.fromNodeId(), r.excludedNodes(), r.reason()));
        }
        return List.of();
    }

    // ---------------------------------------------------------------- failover-events

    /** The executor's reports: they move groups, release claims and reservations, and count failures. */
    public List<NodeTransition> onFailoverEvent(String eventId, Instant occurredAt, FailoverEvent event) {
        if (event instanceof FailoverEvent.GroupRelocated r) {
            Mount known = relocations.get(r.groupId());
            if (r.toNodeId() != null && (known == null || r.epoch() >= known.epoch())) {
                relocations.put(r.groupId(), new Mount(r.toNodeId(), r.epoch()));
            }
            succeeded(r.failoverId());
            done(r.failoverId(), r.groupId());
        } else if (event instanceof FailoverEvent.GroupStopped s) {
            succeeded(s.failoverId());
            done(s.failoverId(), s.groupId());
            topology++;
        } else if (event instanceof FailoverEvent.GroupUnplaceable u) {
            givenUp(u.failoverId(), u.groupId());
        } else if (event instanceof FailoverEvent.GroupTargetFailed t) {
            if (registry.containsKey(t.groupId())) {
                failures.record(new FailureHistory.Failure(eventId, t.groupId(), t.nodeId(),
                        t.at() != null ? t.at() : occurredAt, t.reason()));
            }
        } else if (event instanceof FailoverEvent.FailoverCompleted c) {
            return finish(c.failoverId(), true, eventId, occurredAt);
        } else if (event instanceof FailoverEvent.FailoverFailed f) {
            return finish(f.failoverId(), false, eventId, occurredAt);
        }
        return List.of();
    }

    private void succeeded(String failoverId) {
        repairs.succeeded(failoverId);
        String parent = parents.get(failoverId);
        if (parent != null) {
            repairs.succeeded(parent);
        }
    }

    /** The group is where the failover was to leave it: the failover no longer handles it. */
    private void done(String failoverId, String groupId) {
        doneGroups.add(failoverId + "/" + groupId);
        Claim claim = claims.get(groupId);
        if (claim != null && claim.belongsTo(failoverId)) {
            claims.remove(groupId);
            markFresh(groupId);
        }
    }

    /** The executor gave the group up: its capacity is free, but the failover holds it until it ends (fencing). */
    private void givenUp(String failoverId, String groupId) {
        givenUpGroups.add(failoverId + "/" + groupId);
        Claim claim = claims.get(groupId);
        if (claim != null && claim.belongsTo(failoverId)) {
            claims.put(groupId, claim.withoutCapacity());
        }
    }

    private List<NodeTransition> finish(String failoverId, boolean completed, String eventId, Instant occurredAt) {
        finishedFailovers.add(failoverId);
        repairs.ended(failoverId, occurredAt);
        for (var it = claims.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (e.getValue().belongsTo(failoverId)) {
                it.remove();
                markFresh(e.getKey());
            }
        }
        if (!completed) {
            return List.of();
        }
        return completeDrain(failoverId, "drain failover " + failoverId + " completed", eventId, occurredAt);
    }

    /**
     * What a group's node reported so far may predate the end of the failover that just let it go: its containers are
     * judged again only on a later status of that node.
     */
    private void markFresh(String groupId) {
        GroupSpec group = registry.get(groupId);
        String at = group == null ? null : location(group);
        NodeRecord node = at == null ? null : nodes.get(at);
        if (node == null || node.status == null) {
            freshAfter.remove(groupId);
        } else {
            freshAfter.put(groupId, new Fresh(at, node.status.incarnation(), node.status.seq()));
        }
    }

    private List<NodeTransition> completeDrain(String failoverId, String why, String eventId, Instant occurredAt) {
        List<NodeTransition> changes = new ArrayList<>();
        for (Map.Entry<String, NodeRecord> e : nodes.entrySet()) {
            if (failoverId.equals(e.getValue().drainFailoverId)) {
                changes.addAll(transition(e.getKey(), NodeEvent.DRAIN_COMPLETED, why, eventId, occurredAt));
            }
        }
        return changes;
    }

    // ---------------------------------------------------------------- placement-decisions

    /**
     * A published plan, whether this instance published it or read it: its cause is answered, its groups are claimed
     * until the executor reports on them, and its assignments hold capacity on their targets. Applying the same plan
     * again changes nothing.
     *
     * @param receivedAt when the plan's envelope says it occurred; used when the plan has no time of its own
     */
    public List<NodeTransition> onPlanned(String eventId, Instant receivedAt, FailoverPlanned plan) {
        if (!knownFailovers.add(plan.failoverId())) {
            return List.of();
        }
        String cause = plan.trigger().causeEventId();
        if (cause != null) {
            plannedCauses.add(cause);
            pending.remove(cause);
        }
        String failoverId = plan.failoverId();
        String parent = plan.trigger().parentFailoverId();
        if (parent != null) {
            parents.put(failoverId, parent);
        }
        boolean over = finishedFailovers.contains(failoverId) || (parent != null && finishedFailovers.contains(parent));
        Instant plannedAt = plan.plannedAt() != null ? plan.plannedAt() : receivedAt;
        Instant expiresAt = plannedAt.plus(reservationTimeout);
        if (RepairHistory.KINDS.contains(plan.trigger().kind()) && plan.trigger().groupId() != null) {
            repairs.planned(plan.trigger().groupId(), new RepairHistory.Repair(failoverId, plan.trigger().kind(),
                    plan.trigger().nodeId(), plannedAt, topology));
        }
        // an unplaceable group is the failover's while it fences the group's node; otherwise nothing happens to it
        boolean fences = plan.trigger().failure() != null && plan.sourceNodeId() != null;
        for (Unplaceable u : plan.unplaceable()) {
            Claim held = claimOf(u.groupId(), plannedAt);
            if (held != null && !held.belongsTo(failoverId) && (parent == null || !held.belongsTo(parent))) {
                // another failover still moves it (this plan found the group taken): that one's claim stands, or the
                // reconciler would plan the group again while it is on its way
                continue;
            }
            claims.remove(u.groupId());
            if (fences && !over && !isDone(failoverId, parent, u.groupId())) {
                claims.put(u.groupId(), new Claim(failoverId, parent, null, expiresAt));
            }
        }
        for (Release r : plan.releases()) {
            claims.remove(r.groupId());
            if (!over && !isDone(failoverId, parent, r.groupId())) {
                claims.put(r.groupId(), new Claim(failoverId, parent, null, expiresAt));
            }
        }
        for (Assignment a : plan.assignments()) {
            claims.remove(a.groupId());
            if (!over && !isDone(failoverId, parent, a.groupId())) {
                boolean givenUp = givenUpGroups.contains(failoverId + "/" + a.groupId())
                        || (parent != null && givenUpGroups.contains(parent + "/" + a.groupId()));
                Reservation held = givenUp
                        ? null
                        : new Reservation(failoverId, parent, a.groupId(), a.toNodeId(),
                                demandOf(a.containers()));
                claims.put(a.groupId(), new Claim(failoverId, parent, held, expiresAt));
            }
        }
        if (plan.trigger().kind() == TriggerKind.NODE_DRAIN && plan.assignments().isEmpty()
                && plan.unplaceable().isEmpty()) {
            finishedFailovers.add(failoverId);
            return completeDrain(failoverId, "drain failover " + failoverId + " had nothing to move", eventId,
                    receivedAt);
        }
        return List.of();
    }

    /** The leader's announcement of a failure it counted: part of the group's failure history from now on. */
    public void onFailureRecorded(GroupFailureRecorded notice) {
        failures.announced(notice);
    }

    private boolean isDone(String failoverId, String parent, String groupId) {
        return doneGroups.contains(failoverId + "/" + groupId)
                || (parent != null && doneGroups.contains(parent + "/" + groupId));
    }

    private static Resources demandOf(List<ContainerSpec> containers) {
        Resources total = Resources.NONE;
        for (ContainerSpec c : containers) {
            total = total.plus(c.demand());
        }
        return total;
    }

    // ---------------------------------------------------------------- decisions

    /** The oldest cause not yet answered by a plan. */
    public Optional<PlacementRequest> nextRequest() {
        return pending.values().stream().findFirst();
    }

    /** The oldest cause not yet answered by a plan, leaving node failures waiting unless {@code failures}. */
    public Optional<PlacementRequest> nextRequest(boolean failures) {
        return pending.values().stream().filter(r -> failures || !(r instanceof PlacementRequest.NodeFailed))
                .findFirst();
    }

    /** Whether enough nodes are alive to act on failures. */
    public Quorum quorum() {
        List<NodeCondition> all = new ArrayList<>(nodes.size());
        nodes.values().forEach(n -> all.add(n.condition));
        return Quorum.of(all);
    }

    /**
     * Gives up a cause that cannot be planned, so that it does not hold up the causes behind it. It is not marked
     * planned: another instance, or this one after a restart, tries it again.
     */
    public void abandon(String causeEventId) {
        pending.remove(causeEventId);
    }

    /** How many causes wait for a plan. */
    public int pendingCount() {
        return pending.size();
    }

    /** Whether a plan answering this cause has been applied. */
    public boolean isPlanned(String causeEventId) {
        return plannedCauses.contains(causeEventId);
    }

    /**
     * Failbacks that are due: a group whose policy is {@link FailbackPolicy.Mode#PREFERRED_OWNER}, that should run,
     * runs on a node ranked below one of its preferred owners, that no failover is handling, and a better-ranked
     * preferred owner that has been ACTIVE for at least the group's delay and is not avoided for the group. The cause
     * names the group, the owner and the event that made the owner ACTIVE, so a failback is planned once per return of
     * its owner.
     */
    public List<PlacementRequest.Failback> dueFailbacks(Instant now) {
        List<PlacementRequest.Failback> due = new ArrayList<>();
        for (GroupSpec group : registry.values()) {
            if (group.failback().mode() != FailbackPolicy.Mode.PREFERRED_OWNER || group.preferredOwners().isEmpty()
                    || desiredState(group.groupId()) != DesiredState.ONLINE || claimOf(group.groupId(), now) != null) {
                continue;
            }
            String at = location(group);
            if (at == null) {
                continue;
            }
            int current = group.preferredOwners().indexOf(at);
            int above = current < 0 ? group.preferredOwners().size() : current;
            Map<String, String> avoided = failures.avoided(group.groupId(), group.recovery(), now);
            for (String owner : group.preferredOwners().subList(0, above)) {
                NodeRecord node = nodes.get(owner);
                if (node == null || node.condition.state() != NodeState.ACTIVE || node.activeSince == null
                        || node.activeSince.plusSeconds(group.failback().delaySeconds()).isAfter(now)
                        || avoided.containsKey(owner)) {
                    continue;
                }
                String cause = "failback:" + group.groupId() + ":" + owner + ":" + node.activeSinceEventId;
                if (!plannedCauses.contains(cause)) {
                    due.add(new PlacementRequest.Failback(cause, group.groupId(), owner));
                }
                break;
            }
        }
        return due;
    }

    /** Forgets a group removed from the registry. */
    private void forget(String groupId) {
        registry.remove(groupId);
        removed.remove(groupId);
        desired.remove(groupId);
        claims.remove(groupId);
        relocations.remove(groupId);
        failures.forget(groupId);
        repairs.forget(groupId);
    }

    /** Whether a group was removed from the registry and is kept only until it is stopped where it runs. */
    public boolean isRemoved(String groupId) {
        return removed.contains(groupId);
    }

    /** What the reconciler needs to know of every group of the registry at {@code now}, by group id. */
    public List<GroupObservation> observations(Instant now) {
        for (String id : List.copyOf(removed)) {
            GroupSpec group = registry.get(id);
            if (group == null || (location(group) == null && claimOf(id, now) == null)) {
                forget(id); // stopped, or gone with its node: nothing of it is left to stop
            }
        }
        List<GroupObservation> all = new ArrayList<>(registry.size());
        for (GroupSpec group : registry.values()) {
            all.add(observe(group, now));
        }
        return all;
    }

    /** What the reconciler needs to know of one group, or null when the registry does not know it. */
    public GroupObservation observation(String groupId, Instant now) {
        GroupSpec group = registry.get(groupId);
        return group == null ? null : observe(group, now);
    }

    private GroupObservation observe(GroupSpec group, Instant now) {
        String groupId = group.groupId();
        RecoveryPolicy policy = group.recovery();
        String at = location(group);
        NodeRecord node = at == null ? null : nodes.get(at);
        Mount mounted = statusMounts.get(group.volumeId());
        boolean reported = node != null && node.status != null && mounted != null && mounted.nodeId().equals(at)
                && isFresh(groupId, node.status);
        List<ContainerStatus> containers = List.of();
        if (reported) {
            containers = node.status.containers().stream().filter(c -> groupId.equals(c.groupId())).toList();
        }
        Claim claim = claimOf(groupId, now);
        RepairHistory.Streak streak = repairs.failedStreak(groupId);
        List<Instant> restarts = at == null
                ? List.of()
                : repairs.restartsOn(groupId, at, Duration.ofSeconds(policy.restartPeriodSeconds()), now);
        return new GroupObservation(group, desiredState(groupId), at, node == null ? null : node.condition.state(),
                node == null ? null : node.condition.liveness(), reported, mounted == null ? 0 : mounted.epoch(),
                containers, claim == null ? null : claim.failoverId(),
                node == null || node.condition.liveness() != Liveness.FAILED ? null : node.failure, restarts,
                at == null ? null : repairs.lastRestartOn(groupId, at), failures.avoided(groupId, policy, now),
                streak, streak.failed() > 0 && topology > streak.topology(), repairs.nextSequence(groupId));
    }

    private boolean isFresh(String groupId, NodeStatus status) {
        Fresh fresh = freshAfter.get(groupId);
        if (fresh == null || !fresh.nodeId().equals(status.nodeId())
                || !Objects.equals(fresh.incarnation(), status.incarnation())) {
            return true;
        }
        return status.seq() > fresh.seq();
    }

    /** Failures counted but not yet announced, each with the notice that announces it. */
    public List<GroupFailureRecorded> unannouncedFailures() {
        List<GroupFailureRecorded> notices = new ArrayList<>();
        for (FailureHistory.Failure f : failures.unannounced()) {
            GroupSpec group = registry.get(f.groupId());
            notices.add(failures.notice(f, group == null ? RecoveryPolicy.DEFAULT : group.recovery()));
        }
        return notices;
    }

    /** The cluster as the engine sees it at {@code now}; reservations older than the timeout no longer count. */
    public ClusterSnapshot snapshot(Instant now) {
        List<NodeView> views = new ArrayList<>(nodes.size());
        nodes.forEach((id, n) -> {
            NodeStatus s = n.status;
            views.add(new NodeView(id, n.condition.state(), s != null, s != null && s.mode() == NodeStatus.Mode.SELF_FENCED,
                    s == null ? Resources.NONE : s.capacity(), s == null ? Resources.NONE : s.usage(),
                    n.reachable));
        });
        List<GroupView> groups = new ArrayList<>(registry.size());
        registry.values().forEach(g -> groups.add(new GroupView(g, location(g), desiredState(g.groupId()),
                failures.avoided(g.groupId(), g.recovery(), now))));
        List<Reservation> held = new ArrayList<>();
        Map<String, String> claimed = new TreeMap<>();
        claims.forEach((groupId, c) -> {
            if (c.expiresAt().isAfter(now)) {
                claimed.put(groupId, c.failoverId());
                if (c.reservation() != null) {
                    held.add(c.reservation());
                }
            }
        });
        return ClusterSnapshot.of(views, groups, held, claimed);
    }

    // ---------------------------------------------------------------- views

    /** A node's condition, or null when placement has never heard of it. */
    public NodeCondition node(String nodeId) {
        NodeRecord n = nodes.get(nodeId);
        return n == null ? null : n.condition;
    }

    /** Every node's condition, by id. */
    public Map<String, NodeCondition> nodes() {
        Map<String, NodeCondition> all = new TreeMap<>();
        nodes.forEach((id, n) -> all.put(id, n.condition));
        return Collections.unmodifiableMap(all);
    }

    /** The node a group is on, or null. */
    public String locationOf(String groupId) {
        GroupSpec group = registry.get(groupId);
        return group == null ? null : location(group);
    }

    /** What the operator wants of a group: ONLINE unless said otherwise. */
    public DesiredState desiredState(String groupId) {
        return desired.getOrDefault(groupId, DesiredState.ONLINE);
    }

    /** A group's failure counts per node, by node id. */
    public Map<String, FailureHistory.Count> failureCounts(String groupId) {
        GroupSpec group = registry.get(groupId);
        return group == null ? Map.of() : failures.counts(groupId, group.recovery());
    }

    /** Open reservations, expired or not, by group id. */
    public List<Reservation> reservations() {
        return claims.values().stream().map(Claim::reservation).filter(Objects::nonNull).toList();
    }

    /** The failover handling a group at {@code now}, or null. */
    public String claimedBy(String groupId, Instant now) {
        Claim claim = claimOf(groupId, now);
        return claim == null ? null : claim.failoverId();
    }

    // ---------------------------------------------------------------- internals

    private Claim claimOf(String groupId, Instant now) {
        Claim claim = claims.get(groupId);
        return claim == null || !claim.expiresAt().isAfter(now) ? null : claim;
    }

    private String location(GroupSpec group) {
        Mount mounted = statusMounts.get(group.volumeId());
        Mount relocated = relocations.get(group.groupId());
        if (mounted == null) {
            return relocated == null ? null : relocated.nodeId();
        }
        if (relocated == null) {
            return mounted.nodeId();
        }
        return relocated.epoch() > mounted.epoch() ? relocated.nodeId() : mounted.nodeId();
    }

    private String groupOfVolume(String volumeId) {
        for (GroupSpec g : registry.values()) {
            if (g.volumeId().equals(volumeId)) {
                return g.groupId();
            }
        }
        return null;
    }

    private void addPending(PlacementRequest request) {
        if (!plannedCauses.contains(request.causeEventId())) {
            pending.putIfAbsent(request.causeEventId(), request);
        }
    }

    private NodeRecord node(String nodeId, String eventId, Instant occurredAt) {
        return nodes.computeIfAbsent(nodeId, id -> {
            NodeRecord n = new NodeRecord();
            n.activeSinceEventId = eventId;
            n.activeSince = occurredAt;
            return n;
        });
    }

    private List<NodeTransition> transition(String nodeId, NodeEvent event, String why, String eventId,
            Instant occurredAt) {
        NodeRecord node = node(nodeId, eventId, occurredAt);
        NodeCondition before = node.condition;
        node.condition = before.on(event);
        if (node.condition.state() == before.state()) {
            return List.of();
        }
        if (node.condition.state() == NodeState.ACTIVE) {
            node.activeSinceEventId = eventId;
            node.activeSince = occurredAt;
            topology++;
        }
        return List.of(new NodeTransition(nodeId, before.state(), node.condition.state(), why));
    }
}

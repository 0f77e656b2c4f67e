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
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;

/**
 * Everything placement knows, built by applying the events of its input topics: node status, node health, the
 * registry and operator requests, the plans published so far, and the executor's reports. Any instance that has
 * applied the same events holds the same model, whatever the interleaving of the topics; that is what lets a standby
 * take over with the full state.
 * <p>
 * The model also keeps the causes not yet answered by a plan ({@link #nextRequest()}); a cause is answered once a
 * {@link FailoverPlanned} naming it has been applied, by whichever instance published it. Not thread-safe: one thread
 * applies events and takes decisions.
 */
public final class ClusterModel {

    /** Where a volume was seen mounted, under which epoch. */
    private record Mount(String nodeId, long epoch) {
    }

    private record Held(Reservation reservation, Instant expiresAt) {
    }

    private static final class NodeRecord {

        NodeCondition condition = NodeCondition.NEW;
        NodeStatus status;
        Set<String> reachable = Set.of();
        String drainFailoverId;
        String activeSinceEventId;
        Instant activeSince;
    }

    private final Duration reservationTimeout;
    private final Map<String, NodeRecord> nodes = new TreeMap<>();
    private final Map<String, GroupSpec> registry = new TreeMap<>();
    private final Map<String, Mount> statusMounts = new HashMap<>();
    private final Map<String, Set<String>> listedByNode = new HashMap<>();
    private final Map<String, Mount> relocations = new HashMap<>();
    private final Map<String, Held> reservations = new TreeMap<>();
    private final Set<String> plannedCauses = new HashSet<>();
    private final Set<String> knownFailovers = new HashSet<>();
    private final Set<String> finishedFailovers = new HashSet<>();
    private final Set<String> releasedGroups = new HashSet<>();
    private final Map<String, PlacementRequest> pending = new LinkedHashMap<>();

    /** @param reservationTimeout how long a reservation holds if the executor never reports on its group */
    public ClusterModel(Duration reservationTimeout) {
        this.reservationTimeout = Objects.requireNonNull(reservationTimeout, "reservationTimeout");
    }

    // ---------------------------------------------------------------- node-status

    /** A node agent's status: capacity, usage, reachable volumes, and the volumes mounted there (group locations). */
    public void onNodeStatus(String eventId, Instant occurredAt, NodeStatus status) {
        NodeRecord node = node(status.nodeId(), eventId, occurredAt);
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
        for (String before : listedByNode.getOrDefault(status.nodeId(), Set.of())) {
            Mount seen = statusMounts.get(before);
            if (!listed.contains(before) && seen != null && seen.nodeId().equals(status.nodeId())) {
                statusMounts.remove(before);
            }
        }
        listedByNode.put(status.nodeId(), listed);
        if (status.mode() == NodeStatus.Mode.SELF_FENCED) {
            relocations.values().removeIf(m -> m.nodeId().equals(status.nodeId()));
        }
    }

    // ---------------------------------------------------------------- node-health

    /** The monitor's judgements. A NodeFailed is a cause to plan. */
    public List<NodeTransition> onNodeHealth(String eventId, Instant occurredAt, NodeHealthEvent event) {
        if (event instanceof NodeHealthEvent.NodeSuspected s) {
            return transition(s.nodeId(), NodeEvent.SUSPECTED, "NodeSuspected: " + s.reason(), eventId, occurredAt);
        }
        if (event instanceof NodeHealthEvent.NodeFailed f) {
            addPending(new PlacementRequest.NodeFailed(eventId, f.nodeId(), new NodeFailure(f.incarnation(),
                    f.lastHeartbeatAt(), f.detectedAt(), f.isolationTimeoutMs(), f.reason())));
            return transition(f.nodeId(), NodeEvent.FAILED, "NodeFailed: " + f.reason(), eventId, occurredAt);
        }
        if (event instanceof NodeHealthEvent.NodeRecovered r) {
            return transition(r.nodeId(), NodeEvent.RECOVERED, "NodeRecovered from " + r.previousState(), eventId,
                    occurredAt);
        }
        if (event instanceof NodeHealthEvent.NodeRejoined r) {
            // a new incarnation comes back empty: what it still owns, its next status will say
            relocations.values().removeIf(m -> m.nodeId().equals(r.nodeId()));
            statusMounts.values().removeIf(m -> m.nodeId().equals(r.nodeId()));
            listedByNode.remove(r.nodeId());
            return transition(r.nodeId(), NodeEvent.REJOINED, "NodeRejoined with incarnation " + r.incarnation(),
                    eventId, occurredAt);
        }
        return List.of();
    }

    // ---------------------------------------------------------------- cluster-admin

    /** The registry and the operator's (and executor's) requests. */
    public List<NodeTransition> onAdmin(String eventId, Instant occurredAt, AdminEvent event) {
        if (event instanceof AdminEvent.GroupDefined d) {
            registry.put(d.group().groupId(), d.group());
            addPending(new PlacementRequest.GroupStart(eventId, d.group().groupId()));
        } else if (event instanceof AdminEvent.GroupChanged c) {
            registry.put(c.group().groupId(), c.group());
        } else if (event instanceof AdminEvent.GroupRemoved r) {
            registry.remove(r.groupId());
            reservations.remove(r.groupId());
            relocations.remove(r.groupId());
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

    /** The executor's reports: they move groups and release reservations. */
    public List<NodeTransition> onFailoverEvent(String eventId, Instant occurredAt, FailoverEvent event) {
        if (event instanceof FailoverEvent.GroupRelocated r) {
            Mount known = relocations.get(r.groupId());
            if (r.toNodeId() != null && (known == null || r.epoch() >= known.epoch())) {
                relocations.put(r.groupId(), new Mount(r.toNodeId(), r.epoch()));
            }
            release(r.failoverId(), r.groupId());
        } else if (event instanceof FailoverEvent.GroupUnplaceable u) {
            release(u.failoverId(), u.groupId());
        } else if (event instanceof FailoverEvent.FailoverCompleted c) {
            return finish(c.failoverId(), true, eventId, occurredAt);
        } else if (event instanceof FailoverEvent.FailoverFailed f) {
            return finish(f.failoverId(), false, eventId, occurredAt);
        }
        return List.of();
    }

    private void release(String failoverId, String groupId) {
        releasedGroups.add(failoverId + "/" + groupId);
        Held held = reservations.get(groupId);
        if (held != null && held.reservation().belongsTo(failoverId)) {
            reservations.remove(groupId);
        }
    }

    private List<NodeTransition> finish(String failoverId, boolean completed, String eventId, Instant occurredAt) {
        finishedFailovers.add(failoverId);
        reservations.values().removeIf(h -> h.reservation().belongsTo(failoverId));
        if (!completed) {
            return List.of();
        }
        return completeDrain(failoverId, "drain failover " + failoverId + " completed", eventId, occurredAt);
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
     * A published plan, whether this instance published it or read it: its cause is answered and its assignments
     * hold capacity on their targets. Applying the same plan again changes nothing.
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
        boolean over = finishedFailovers.contains(failoverId) || (parent != null && finishedFailovers.contains(parent));
        Instant plannedAt = plan.plannedAt() != null ? plan.plannedAt() : receivedAt;
        for (Unplaceable u : plan.unplaceable()) {
            reservations.remove(u.groupId());
        }
        for (Assignment a : plan.assignments()) {
            reservations.remove(a.groupId());
            boolean released = releasedGroups.contains(failoverId + "/" + a.groupId())
                    || (parent != null && releasedGroups.contains(parent + "/" + a.groupId()));
            if (!over && !released) {
                reservations.put(a.groupId(), new Held(new Reservation(failoverId, parent, a.groupId(), a.toNodeId(),
                        demandOf(a.containers())), plannedAt.plus(reservationTimeout)));
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
     * Failbacks that are due: a group whose policy is {@link FailbackPolicy.Mode#PREFERRED_OWNER}, that runs on a node
     * ranked below one of its preferred owners, that no failover is moving, and a better-ranked preferred owner that
     * has been ACTIVE for at least the group's delay. The cause names the group, the owner and the event that made the
     * owner ACTIVE, so a failback is planned once per return of its owner.
     */
    public List<PlacementRequest.Failback> dueFailbacks(Instant now) {
        List<PlacementRequest.Failback> due = new ArrayList<>();
        for (GroupSpec group : registry.values()) {
            if (group.failback().mode() != FailbackPolicy.Mode.PREFERRED_OWNER || group.preferredOwners().isEmpty()
                    || reservations.containsKey(group.groupId())) {
                continue;
            }
            String at = location(group);
            if (at == null) {
                continue;
            }
            int current = group.preferredOwners().indexOf(at);
            int above = current < 0 ? group.preferredOwners().size() : current;
            for (String owner : group.preferredOwners().subList(0, above)) {
                NodeRecord node = nodes.get(owner);
                if (node == null || node.condition.state() != NodeState.ACTIVE || node.activeSince == null
                        || node.activeSince.plusSeconds(group.failback().delaySeconds()).isAfter(now)) {
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
        registry.values().forEach(g -> groups.add(new GroupView(g, location(g))));
        List<Reservation> held = new ArrayList<>();
        reservations.values().forEach(h -> {
            if (h.expiresAt().isAfter(now)) {
                held.add(h.reservation());
            }
        });
        return ClusterSnapshot.of(views, groups, held);
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

    /** Open reservations, expired or not, by group id. */
    public List<Reservation> reservations() {
        return reservations.values().stream().map(Held::reservation).toList();
    }

    // ---------------------------------------------------------------- internals

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
        }
        return List.of(new NodeTransition(nodeId, before.state(), node.condition.state(), why));
    }
}

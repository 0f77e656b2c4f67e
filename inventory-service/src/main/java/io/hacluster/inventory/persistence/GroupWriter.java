package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.inventory.domain.FieldError;
import io.hacluster.inventory.domain.GroupAction;
import io.hacluster.inventory.domain.GroupCondition;
import io.hacluster.inventory.domain.GroupFacts;
import io.hacluster.inventory.domain.GroupRequests;
import io.hacluster.inventory.domain.GroupState;
import io.hacluster.inventory.domain.GroupStatus;
import io.hacluster.inventory.domain.NodeState;
import io.hacluster.inventory.domain.RequestKind;
import io.hacluster.inventory.domain.RequestStatus;
import io.hacluster.inventory.domain.VolumeHolding;

/** Keeps the registry and each group's location and state. Runs inside the caller's transaction. */
@ApplicationScoped
public class GroupWriter {

    private static final Logger LOG = Logger.getLogger(GroupWriter.class);

    @Inject
    GroupRepository groups;
    @Inject
    ContainerRepository containers;
    @Inject
    ContainerReportRepository reports;
    @Inject
    VolumeMountRepository mounts;
    @Inject
    NodeRepository nodes;
    @Inject
    FailoverRepository failovers;
    @Inject
    FailoverGroupRepository failoverGroups;
    @Inject
    OperatorRequestRepository requests;

    /** The group's definition as the registry holds it. */
    public GroupSpec spec(GroupEntity g) {
        List<ContainerSpec> specs = new ArrayList<>();
        for (ContainerEntity c : containers.ofGroup(g.groupId)) {
            specs.add(new ContainerSpec(c.containerId, c.cpuMillis, c.memoryMb, c.command, c.healthCheck));
        }
        return new GroupSpec(g.groupId, g.volumeId, specs, g.priority, g.preferredOwners, g.possibleOwners,
                g.antiAffinityClass, new FailbackPolicy(g.failbackMode, g.failbackDelaySeconds), g.recovery);
    }

    /** What in a definition another group already uses: its volume, its container ids. */
    public List<FieldError> conflicts(GroupSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        GroupEntity owner = groups.findByVolume(spec.volumeId());
        if (owner != null && !owner.groupId.equals(spec.groupId())) {
            errors.add(new FieldError("volumeId", "volume " + spec.volumeId() + " already belongs to group "
                    + owner.groupId));
        }
        Map<String, String> owners = new HashMap<>();
        for (ContainerEntity c : containers.withIds(spec.containers().stream().map(ContainerSpec::containerId)
                .toList())) {
            owners.put(c.containerId, c.groupId);
        }
        for (int i = 0; i < spec.containers().size(); i++) {
            String id = spec.containers().get(i).containerId();
            String other = owners.get(id);
            if (other != null && !other.equals(spec.groupId())) {
                errors.add(new FieldError("containers[" + i + "].containerId", "container " + id
                        + " already belongs to group " + other));
            }
        }
        return errors;
    }

    /** Creates or replaces a definition; the caller has checked it and its conflicts. */
    public GroupEntity upsert(GroupSpec spec, Instant now) {
        GroupEntity g = groups.findById(spec.groupId());
        if (g == null) {
            g = new GroupEntity();
            g.groupId = spec.groupId();
            g.state = GroupState.OFFLINE;
            g.stateReason = "waiting for its first placement";
            g.stateSince = now;
            g.createdAt = now;
        }
        g.volumeId = spec.volumeId();
        g.priority = spec.priority();
        g.preferredOwners = spec.preferredOwners();
        g.possibleOwners = spec.possibleOwners();
        g.antiAffinityClass = spec.antiAffinityClass();
        g.failbackMode = spec.failback().mode();
        g.failbackDelaySeconds = spec.failback().delaySeconds();
        g.recovery = spec.recovery();
        g.updatedAt = now;
        if (!groups.isPersistent(g)) {
            groups.persist(g);
        }
        Map<String, ContainerEntity> held = new HashMap<>();
        for (ContainerEntity c : containers.ofGroup(g.groupId)) {
            held.put(c.containerId, c);
        }
        for (int i = 0; i < spec.containers().size(); i++) {
            ContainerSpec s = spec.containers().get(i);
            ContainerEntity c = held.remove(s.containerId());
            boolean fresh = c == null;
            if (fresh) {
                c = new ContainerEntity();
                c.containerId = s.containerId();
            }
            c.groupId = g.groupId;
            c.position = i;
            c.cpuMillis = s.cpuMillis();
            c.memoryMb = s.memoryMb();
            c.command = s.command();
            c.healthCheck = s.check();
            if (fresh) {
                containers.persist(c);
            }
        }
        for (ContainerEntity gone : held.values()) {
            containers.delete(gone);
        }
        containers.flush();
        refresh(g, now);
        return g;
    }

    /** Removes a group and its containers from the registry; false if it was not there. */
    public boolean remove(String groupId) {
        GroupEntity g = groups.findById(groupId);
        if (g == null) {
            return false;
        }
        containers.deleteOfGroup(groupId);
        groups.delete(g);
        return true;
    }

    public void refresh(Collection<String> groupIds, Instant now) {
        for (String id : new TreeSet<>(groupIds)) {
            GroupEntity g = groups.findById(id);
            if (g != null) {
                refresh(g, now);
            }
        }
    }

    /** Recomputes where a group is and its state from what is known; logs a change of state. */
    public void refresh(GroupEntity g, Instant now) {
        // a mount fenced since it was reported is not where the group is (VolumeHolding)
        VolumeHolding.Holding newest = mounts.holder(g.volumeId);
        g.currentNodeId = newest == null ? null : newest.nodeId();
        g.locatedAt = newest == null ? null : newest.reportedAt();
        g.everLocated |= newest != null;
        NodeState nodeState = null;
        String nodeReason = null;
        if (newest != null) {
            NodeEntity node = nodes.findById(newest.nodeId());
            nodeState = node == null ? null : node.state;
            nodeReason = node == null ? null : node.stateReason;
        }
        List<GroupFacts.ContainerFact> facts = new ArrayList<>();
        for (ContainerEntity c : containers.ofGroup(g.groupId)) {
            ContainerReport r = newest == null ? null : reports.find(newest.nodeId(), c.containerId);
            facts.add(new GroupFacts.ContainerFact(c.containerId, r == null ? null : r.state));
        }
        GroupFacts.FailoverFact failover = failoverFact(g);
        GroupCondition condition = GroupStatus.derive(new GroupFacts(g.groupId, g.currentNodeId, nodeState,
                g.everLocated, facts, failover, g.pendingRequestId == null
                        ? null
                        : new GroupFacts.PendingMove(g.pendingRequestId, g.pendingTargetNodeId),
                desire(g), nodeReason));
        if (condition.state() != g.state) {
            LOG.infof("group %s: %s -> %s: %s", g.groupId, g.state, condition.state(), condition.reason());
            g.stateSince = now;
        }
        g.state = condition.state();
        g.stateReason = condition.reason().length() > 1000
                ? condition.reason().substring(0, 997) + "..."
                : condition.reason();
        settleRequest(g, condition, failover, now);
    }

    /** What the operator wants of the group. */
    public static GroupFacts.Desire desire(GroupEntity g) {
        return new GroupFacts.Desire(g.desiredState, g.desiredBy, g.desiredRequestId);
    }

    /** Ends the request that set the group's desired state once it is carried out, or cannot be. */
    private void settleRequest(GroupEntity g, GroupCondition condition, GroupFacts.FailoverFact failover,
            Instant now) {
        if (g.desiredRequestId == null) {
            return;
        }
        OperatorRequestEntity r = requests.findById(g.desiredRequestId);
        if (r == null || r.status.ended()) {
            return;
        }
        GroupFacts.FailoverFact carriedBy = failover != null && failover.failoverId().equals(r.failoverId)
                ? failover
                : null;
        GroupRequests.settle(r.kind, g.groupId, condition, carriedBy).ifPresent(s -> {
            LOG.infof("request %s (%s of group %s): %s: %s", r.requestId, r.kind, g.groupId, s.status(), s.detail());
            r.status = s.status();
            r.detail = s.detail();
            r.updatedAt = now;
        });
    }

    /**
     * Notes that a failover carries out the request that set the group's desired state, when that request waits for
     * one: a stop for a plan that stops the group, a start for one that brings it online.
     */
    public void linkRequest(GroupEntity g, FailoverEntity f, Instant now) {
        if (g.desiredRequestId == null || !f.failoverId.equals(g.lastFailoverId)) {
            return;
        }
        OperatorRequestEntity r = requests.findById(g.desiredRequestId);
        FailoverGroupEntity fg = failoverGroups.find(f.failoverId, g.groupId);
        if (r == null || fg == null || r.status != RequestStatus.ACCEPTED) {
            return;
        }
        boolean stops = fg.action == GroupAction.STOP;
        if ((r.kind == RequestKind.STOP && stops) || (r.kind == RequestKind.START && !stops)) {
            r.status = RequestStatus.PLANNED;
            r.failoverId = f.failoverId;
            r.detail = "failover " + f.failoverId + (stops ? " stops it on " + fg.fromNodeId : " starts it");
            r.updatedAt = now;
        }
    }

    /** Makes this failover the group's latest, unless the group already follows a newer one. */
    public void adoptFailover(GroupEntity g, FailoverEntity f) {
        if (f.failoverId.equals(g.lastFailoverId)) {
            return;
        }
        FailoverEntity current = g.lastFailoverId == null ? null : failovers.findById(g.lastFailoverId);
        if (current == null || !current.openedAt.isAfter(f.openedAt)) {
            g.lastFailoverId = f.failoverId;
        }
    }

    private GroupFacts.FailoverFact failoverFact(GroupEntity g) {
        if (g.lastFailoverId == null) {
            return null;
        }
        FailoverEntity f = failovers.findById(g.lastFailoverId);
        FailoverGroupEntity fg = failoverGroups.find(g.lastFailoverId, g.groupId);
        if (f == null || fg == null) {
            return null;
        }
        return new GroupFacts.FailoverFact(f.failoverId, f.state, fg.outcome, fg.step, fg.targetNodeId,
                fg.reason != null ? fg.reason : f.failureReason, fg.action, fg.restartFrom, fg.fromNodeId);
    }
}

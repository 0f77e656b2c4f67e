package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.ContainerStatus;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;
import io.hacluster.inventory.domain.NodeCondition;
import io.hacluster.inventory.domain.NodeLifecycle;
import io.hacluster.inventory.domain.NodeSignal;
import io.hacluster.inventory.domain.NodeTransition;
import io.hacluster.inventory.domain.Reports;
import io.hacluster.inventory.domain.StatusOrder;
import io.hacluster.inventory.domain.VolumeHolding;

/** Keeps each node's condition and latest status. Runs inside the caller's transaction. */
@ApplicationScoped
public class NodeWriter {

    private static final Logger LOG = Logger.getLogger(NodeWriter.class);

    @Inject
    NodeRepository nodes;
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
    MonitorAlertRepository alerts;
    @Inject
    GroupWriter groupWriter;

    public NodeEntity findOrCreate(String nodeId, Instant now) {
        NodeEntity n = nodes.findById(nodeId);
        if (n == null) {
            n = new NodeEntity();
            n.nodeId = nodeId;
            n.setCondition(NodeCondition.NEW, "first heard of", now);
            n.stateReason = "first heard of";
            n.stateSince = now;
            n.firstSeenAt = now;
            n.statusSeq = -1;
            nodes.persist(n);
            LOG.infof("node %s: first heard of, %s", nodeId, n.state);
        }
        return n;
    }

    /** Applies one signal to the node state machine; logs a change of state; returns why. */
    public String signal(NodeEntity node, NodeSignal signal, Instant now) {
        NodeTransition t = NodeLifecycle.next(node.condition(), signal);
        if (t.stateChanged()) {
            LOG.infof("node %s: %s -> %s: %s", node.nodeId, t.before().state(), t.after().state(), t.why());
        }
        node.setCondition(t.after(), t.why(), now);
        return t.why();
    }

    /** Whether nothing is on the node or on its way to it, so that a drain has nothing to move. */
    public boolean hostsNothing(String nodeId) {
        return groups.onNode(nodeId).isEmpty() && mounts.ofNode(nodeId).isEmpty()
                && !failoverGroups.anyUnderWayTo(nodeId);
    }

    public String applyStatus(NodeStatus s, Instant receivedAt) {
        NodeEntity node = findOrCreate(s.nodeId(), receivedAt);
        if (!StatusOrder.isNewer(node.incarnation, node.statusSeq, node.statusReportedAt, s.incarnation(), s.seq(),
                s.reportedAt())) {
            return "status " + s.incarnation() + "/" + s.seq() + " is older than the one held; ignored";
        }
        Instant at = s.reportedAt() == null ? receivedAt : s.reportedAt();
        Set<String> affected = new HashSet<>();
        groups.onNode(node.nodeId).forEach(g -> affected.add(g.groupId));
        reports.ofNode(node.nodeId).forEach(r -> addGroup(affected, r.groupId, r.containerId));

        node.incarnation = s.incarnation();
        node.statusSeq = s.seq();
        node.statusReportedAt = s.reportedAt();
        node.statusReceivedAt = receivedAt;
        if (node.reports != Reports.HEARD) {
            signal(node, new NodeSignal.Heard(), receivedAt);
        }
        Resources capacity = s.capacity() == null ? Resources.NONE : s.capacity();
        Resources usage = s.usage() == null ? Resources.NONE : s.usage();
        node.capacityCpuMillis = capacity.cpuMillis();
        node.capacityMemoryMb = capacity.memoryMb();
        node.usageCpuMillis = usage.cpuMillis();
        node.usageMemoryMb = usage.memoryMb();
        node.reachableVolumes = s.reachableVolumes();
        boolean selfFenced = s.mode() == NodeStatus.Mode.SELF_FENCED;
        if (selfFenced != node.selfFenced) {
            LOG.infof("node %s: %s", node.nodeId, selfFenced ? "reports it fenced itself" : "serves again");
        }
        node.selfFenced = selfFenced;
        if (s.mode() != node.agentMode) {
            signal(node, new NodeSignal.AgentMode(s.mode()), receivedAt);
        }
        if (s.lastSelfFence() != null) {
            node.selfFenceAt = s.lastSelfFence().at();
            node.selfFenceReason = s.lastSelfFence().reason();
            node.selfFenceStopped = s.lastSelfFence().stoppedContainers();
            node.selfFenceReleased = s.lastSelfFence().releasedVolumes();
        }

        // the node's report replaces what it reported before; newer evidence (a verified relocation) stays
        reports.forgetNode(node.nodeId, at);
        // a fence the executor reported outlives the node's reports until one of them ends it (VolumeHolding.Fence)
        Map<String, VolumeHolding.Fence> fences = new HashMap<>();
        mounts.ofNode(node.nodeId).stream().filter(m -> m.fence() != null)
                .forEach(m -> fences.put(m.volumeId, m.fence()));
        mounts.forgetNode(node.nodeId, at);
        int skipped = 0;
        for (ContainerStatus c : s.containers()) {
            String groupId = c.groupId() != null ? c.groupId() : groupOfContainer(c.containerId());
            if (movedAwayBefore(groupId, node.nodeId, at)) {
                skipped++;
                continue;
            }
            reports.record(node.nodeId, c.containerId(), groupId, c.state(), c.detail(), at);
            addGroup(affected, groupId, c.containerId());
        }
        for (VolumeStatus v : s.volumes()) {
            GroupEntity owner = groups.findByVolume(v.volumeId());
            String groupId = v.groupId() != null ? v.groupId() : owner == null ? null : owner.groupId;
            if (movedAwayBefore(groupId, node.nodeId, at)) {
                skipped++;
                continue;
            }
            mounts.record(node.nodeId, v.volumeId(), groupId, v.epoch(), at);
            VolumeHolding.Fence fence = fences.get(v.volumeId());
            if (fence != null) {
                mounts.fence(node.nodeId, v.volumeId(), fence);
            }
            if (owner != null) {
                affected.add(owner.groupId);
            }
            if (groupId != null) {
                affected.add(groupId);
            }
        }
        mounts.flush();
        groupWriter.refresh(affected, receivedAt);
        return "status " + s.incarnation() + "/" + s.seq() + ": " + s.containers().size() + " containers, "
                + s.volumes().size() + " volumes" + (selfFenced ? ", self-fenced" : "")
                + (skipped > 0 ? ", " + skipped + " entries older than a relocation ignored" : "");
    }

    public String applyHealth(NodeHealthEvent event, Instant occurredAt, Instant now) {
        if (event instanceof NodeHealthEvent.MonitorAlert a) {
            return applyAlert(a);
        }
        String nodeId = event.key();
        NodeEntity node = findOrCreate(nodeId, now);
        String why;
        if (event instanceof NodeHealthEvent.NodeSuspected s) {
            node.lastHeartbeatAt = later(node.lastHeartbeatAt, s.lastHeartbeatAt());
            why = signal(node, new NodeSignal.Suspected(s.reason()), now);
        } else if (event instanceof NodeHealthEvent.NodeFailed f) {
            node.lastHeartbeatAt = later(node.lastHeartbeatAt, f.lastHeartbeatAt());
            node.lastFailedAt = f.detectedAt();
            why = signal(node, new NodeSignal.Failed(f.reason()), now);
        } else if (event instanceof NodeHealthEvent.NodeIsolated i) {
            node.lastHeartbeatAt = later(node.lastHeartbeatAt, i.lastHeartbeatAt());
            node.lastIsolatedAt = i.isolatedAt() == null ? occurredAt : i.isolatedAt();
            why = signal(node, new NodeSignal.Isolated(i.reason(), i.witnessMode()), now);
        } else if (event instanceof NodeHealthEvent.NodeRecovered r) {
            why = signal(node, new NodeSignal.Recovered(r.previousState()), now);
        } else if (event instanceof NodeHealthEvent.NodeRejoined r) {
            node.lastRejoinedAt = r.rejoinedAt() == null ? occurredAt : r.rejoinedAt();
            if (r.incarnation() != null && !r.incarnation().equals(node.incarnation)) {
                // what the old incarnation reported died with it; the new one reports afresh
                reports.forgetNode(nodeId);
                mounts.forgetNode(nodeId);
                node.incarnation = r.incarnation();
                node.statusSeq = -1;
            }
            why = signal(node, new NodeSignal.Rejoined(r.incarnation()), now);
        } else {
            return event.getClass().getSimpleName() + " is not applied by the inventory, skipped";
        }
        Set<String> affected = new HashSet<>();
        groups.onNode(nodeId).forEach(g -> affected.add(g.groupId));
        mounts.flush();
        groupWriter.refresh(affected, now);
        return node.state + ": " + why;
    }

    private String applyAlert(NodeHealthEvent.MonitorAlert a) {
        MonitorAlertEntity e = alerts.findById(a.kind().name());
        if (e == null) {
            e = new MonitorAlertEntity();
            e.kind = a.kind().name();
            alerts.persist(e);
        }
        e.active = a.active();
        e.silentNodes = a.silentNodes();
        e.totalNodes = a.totalNodes();
        e.threshold = a.threshold();
        e.raisedAt = a.at();
        e.message = a.message();
        e.silentNodeIds = a.silentNodeIds();
        LOG.infof("monitor alert %s %s: %s", a.kind(), a.active() ? "raised" : "cleared", a.message());
        return "monitor alert " + a.kind() + (a.active() ? " raised: " : " cleared: ") + a.message();
    }

    private boolean movedAwayBefore(String groupId, String nodeId, Instant at) {
        if (groupId == null) {
            return false;
        }
        GroupEntity g = groups.findById(groupId);
        if (g == null) {
            return false;
        }
        boolean movedAway = g.relocatedAt != null && g.relocatedTo != null && !g.relocatedTo.equals(nodeId)
                && at.isBefore(g.relocatedAt);
        boolean releasedHere = g.releasedAt != null && nodeId.equals(g.releasedFrom) && at.isBefore(g.releasedAt)
                && (g.relocatedAt == null || g.relocatedAt.isBefore(g.releasedAt));
        return movedAway || releasedHere;
    }

    private String groupOfContainer(String containerId) {
        ContainerEntity c = containers.findById(containerId);
        return c == null ? null : c.groupId;
    }

    private void addGroup(Set<String> affected, String groupId, String containerId) {
        String id = groupId != null ? groupId : groupOfContainer(containerId);
        if (id != null) {
            affected.add(id);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}

package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.DesiredState;
import io.hacluster.events.GroupSpec;
import io.hacluster.inventory.domain.FailoverState;
import io.hacluster.inventory.domain.FieldError;
import io.hacluster.inventory.domain.Maintenance;
import io.hacluster.inventory.domain.NodeSignal;
import io.hacluster.inventory.domain.RequestKind;
import io.hacluster.inventory.domain.RequestStatus;

/**
 * Applies what travels on cluster-admin: registry changes and operator requests. The REST API applies its own
 * requests through here in the same transaction that queues them for publication; the consumer applies those of
 * other publishers (and, after a rebuild, the whole topic). Runs inside the caller's transaction.
 */
@ApplicationScoped
public class AdminWriter {

    private static final Logger LOG = Logger.getLogger(AdminWriter.class);

    @Inject
    GroupRepository groups;
    @Inject
    OperatorRequestRepository requests;
    @Inject
    FailoverRepository failovers;
    @Inject
    FailoverGroupRepository failoverGroups;
    @Inject
    GroupWriter groupWriter;
    @Inject
    NodeWriter nodeWriter;
    @Inject
    FailureWriter failureWriter;

    public String apply(AdminEvent event, String source, Instant occurredAt, Instant now) {
        if (event instanceof AdminEvent.GroupDefined d) {
            return define(d.group(), "defined", now);
        }
        if (event instanceof AdminEvent.GroupChanged c) {
            return define(c.group(), "changed", now);
        }
        if (event instanceof AdminEvent.GroupRemoved r) {
            failureWriter.forgetGroup(r.groupId());
            return groupWriter.remove(r.groupId())
                    ? "group " + r.groupId() + " removed"
                    : "group " + r.groupId() + " was not in the registry";
        }
        if (event instanceof AdminEvent.NodeDrainRequested d) {
            return drain(d, occurredAt, now);
        }
        if (event instanceof AdminEvent.NodeResumeRequested r) {
            return resume(r, occurredAt, now);
        }
        if (event instanceof AdminEvent.GroupMoveRequested m) {
            return move(m, occurredAt, now);
        }
        if (event instanceof AdminEvent.GroupReplanRequested r) {
            return replan(r, now);
        }
        if (event instanceof AdminEvent.GroupDesiredStateChanged d) {
            return desire(d, occurredAt, now);
        }
        if (event instanceof AdminEvent.GroupFailuresCleared c) {
            return clear(c, occurredAt, now);
        }
        return event.getClass().getSimpleName() + " is not applied by the inventory, skipped";
    }

    private String define(GroupSpec spec, String verb, Instant now) {
        List<FieldError> conflicts = groupWriter.conflicts(spec);
        if (!conflicts.isEmpty()) {
            LOG.warnf("group %s %s on cluster-admin conflicts with the registry, not applied: %s", spec.groupId(), verb,
                    conflicts);
            return "group " + spec.groupId() + " " + verb + " elsewhere, not applied: " + conflicts;
        }
        groupWriter.upsert(spec, now);
        return "group " + spec.groupId() + " " + verb + ": volume " + spec.volumeId() + ", "
                + spec.containers().size() + " containers";
    }

    private String drain(AdminEvent.NodeDrainRequested d, Instant occurredAt, Instant now) {
        NodeEntity node = nodeWriter.findOrCreate(d.nodeId(), now);
        OperatorRequestEntity r = record(d.requestId(), RequestKind.DRAIN, d.nodeId(), null, null, d.requestedBy(),
                occurredAt, now);
        String why = nodeWriter.signal(node, new NodeSignal.DrainRequested(d.requestId(), who(d.requestedBy()),
                nodeWriter.hostsNothing(d.nodeId())), now);
        if (node.maintenance == Maintenance.MAINTENANCE && r.status == RequestStatus.ACCEPTED) {
            r.status = RequestStatus.COMPLETED;
            r.detail = "node " + d.nodeId() + " hosts no group: in maintenance at once";
            r.updatedAt = now;
        }
        // a replayed topic may bring the drain's completion before the request itself
        for (FailoverEntity f : failovers.ofRequest(d.requestId())) {
            if (f.state == FailoverState.COMPLETED) {
                why = nodeWriter.signal(node, new NodeSignal.DrainCompleted(d.requestId(), f.failoverId), now);
            }
        }
        return why;
    }

    private String resume(AdminEvent.NodeResumeRequested e, Instant occurredAt, Instant now) {
        NodeEntity node = nodeWriter.findOrCreate(e.nodeId(), now);
        OperatorRequestEntity r = record(e.requestId(), RequestKind.RESUME, e.nodeId(), null, null, e.requestedBy(),
                occurredAt, now);
        r.status = RequestStatus.COMPLETED;
        r.detail = "node " + e.nodeId() + " back in service";
        r.updatedAt = now;
        return nodeWriter.signal(node, new NodeSignal.ResumeRequested(e.requestId(), who(e.requestedBy())), now);
    }

    private String move(AdminEvent.GroupMoveRequested m, Instant occurredAt, Instant now) {
        record(m.requestId(), RequestKind.MOVE, null, m.groupId(), m.targetNodeId(), m.requestedBy(), occurredAt, now);
        GroupEntity g = groups.findById(m.groupId());
        if (g == null) {
            return "move of unknown group " + m.groupId() + " recorded";
        }
        if (failovers.ofRequest(m.requestId()).isEmpty()) {
            g.pendingRequestId = m.requestId();
            g.pendingTargetNodeId = m.targetNodeId();
            groupWriter.refresh(g, now);
        }
        return "move of " + m.groupId() + " to " + (m.targetNodeId() == null
                ? "wherever placement chooses"
                : m.targetNodeId()) + " requested by " + who(m.requestedBy());
    }

    private String desire(AdminEvent.GroupDesiredStateChanged e, Instant occurredAt, Instant now) {
        OperatorRequestEntity r = record(e.requestId(), RequestKind.asking(e.desiredState()), null, e.groupId(), null,
                e.requestedBy(), occurredAt, now);
        GroupEntity g = groups.findById(e.groupId());
        if (g == null) {
            if (!r.status.ended()) {
                r.status = RequestStatus.FAILED;
                r.detail = "group " + e.groupId() + " is not in the registry";
                r.updatedAt = now;
            }
            return "desired state " + e.desiredState() + " of unknown group " + e.groupId() + " recorded";
        }
        if (g.desiredRequestId != null && !g.desiredRequestId.equals(e.requestId())) {
            OperatorRequestEntity before = requests.findById(g.desiredRequestId);
            if (before != null && !before.status.ended()) {
                before.status = RequestStatus.FAILED;
                before.detail = "superseded by " + e.requestId() + " (desired state " + e.desiredState() + ")";
                before.updatedAt = now;
            }
        }
        DesiredState was = g.desiredState;
        g.desiredState = e.desiredState();
        g.desiredRequestId = e.requestId();
        g.desiredBy = who(e.requestedBy());
        g.desiredSince = occurredAt;
        g.updatedAt = now;
        LOG.infof("group %s: desired state %s -> %s, requested by %s (%s)", g.groupId, was, e.desiredState(),
                g.desiredBy, e.requestId());
        groupWriter.refresh(g, now);
        return "group " + g.groupId + ": desired state " + was + " -> " + e.desiredState() + ", requested by "
                + g.desiredBy;
    }

    private String clear(AdminEvent.GroupFailuresCleared e, Instant occurredAt, Instant now) {
        OperatorRequestEntity r = record(e.requestId(), RequestKind.CLEAR, e.nodeId(), e.groupId(), null,
                e.requestedBy(), occurredAt, now);
        long gone = failureWriter.clear(e.groupId(), e.nodeId(), occurredAt, e.requestId());
        String what = "failures of group " + e.groupId() + (e.nodeId() == null ? "" : " on " + e.nodeId())
                + " cleared (" + gone + " removed)";
        if (!r.status.ended()) {
            r.status = RequestStatus.COMPLETED;
            r.detail = what;
            r.updatedAt = now;
        }
        return what + ", requested by " + who(e.requestedBy());
    }

    private String replan(AdminEvent.GroupReplanRequested r, Instant now) {
        if (r.failoverId() != null) {
            FailoverGroupEntity fg = failoverGroups.find(r.failoverId(), r.groupId());
            if (fg != null) {
                fg.detail = "re-plan requested: " + r.reason() + (r.excludedNodes().isEmpty()
                        ? ""
                        : " (excluding " + String.join(", ", r.excludedNodes()) + ")");
                fg.updatedAt = now;
            }
        }
        return "re-plan of " + r.groupId() + " in " + r.failoverId() + " requested: " + r.reason();
    }

    private OperatorRequestEntity record(String requestId, RequestKind kind, String nodeId, String groupId,
            String targetNodeId, String requestedBy, Instant requestedAt, Instant now) {
        OperatorRequestEntity r = requests.findById(requestId);
        if (r == null) {
            r = new OperatorRequestEntity();
            r.requestId = requestId;
            r.kind = kind;
            r.nodeId = nodeId;
            r.groupId = groupId;
            r.targetNodeId = targetNodeId;
            r.requestedBy = who(requestedBy);
            r.requestedAt = requestedAt;
            r.status = RequestStatus.ACCEPTED;
            r.updatedAt = now;
            requests.persist(r);
            // a replayed topic may bring the request's failover before the request itself
            List<FailoverEntity> planned = kind == RequestKind.DRAIN || kind == RequestKind.MOVE
                    ? failovers.ofRequest(requestId)
                    : List.of();
            if (!planned.isEmpty()) {
                FailoverEntity f = planned.get(0);
                r.failoverId = f.failoverId;
                r.status = f.state == FailoverState.COMPLETED
                        ? RequestStatus.COMPLETED
                        : f.state == FailoverState.FAILED ? RequestStatus.FAILED : RequestStatus.PLANNED;
            }
        }
        return r;
    }

    private static String who(String requestedBy) {
        return requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
    }
}

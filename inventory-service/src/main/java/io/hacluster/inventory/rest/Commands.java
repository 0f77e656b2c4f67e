package io.hacluster.inventory.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.DesiredState;
import io.hacluster.events.Envelope;
import io.hacluster.events.GroupSpec;
import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.FieldError;
import io.hacluster.inventory.domain.GroupDraft;
import io.hacluster.inventory.domain.GroupRules;
import io.hacluster.inventory.domain.OperatorRules;
import io.hacluster.inventory.domain.Rejection;
import io.hacluster.inventory.domain.RequestKind;
import io.hacluster.inventory.messaging.OutboxPublisher;
import io.hacluster.inventory.persistence.AdminWriter;
import io.hacluster.inventory.persistence.GroupEntity;
import io.hacluster.inventory.persistence.GroupRepository;
import io.hacluster.inventory.persistence.GroupWriter;
import io.hacluster.inventory.persistence.HistoryRepository;
import io.hacluster.inventory.persistence.NodeEntity;
import io.hacluster.inventory.persistence.NodeRepository;
import io.hacluster.inventory.persistence.OutboxRepository;
import io.hacluster.inventory.persistence.VolumeMountRepository;
import io.hacluster.inventory.persistence.Writes;

/**
 * The registry's changes and the operator's requests. Each is checked (400, 404, 409), then applied, recorded in the
 * history and queued in the outbox in one transaction; once that commits, the outbox is published to cluster-admin
 * and the broker's acknowledgement awaited. If the service stops in between, the scheduled publisher sends it later.
 */
@ApplicationScoped
public class Commands {

    private static final Logger LOG = Logger.getLogger(Commands.class);

    @Inject
    Writes writes;
    @Inject
    HistoryRepository history;
    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxPublisher publisher;
    @Inject
    AdminWriter admin;
    @Inject
    GroupWriter groupWriter;
    @Inject
    GroupRepository groups;
    @Inject
    NodeRepository nodes;
    @Inject
    VolumeMountRepository mounts;
    @Inject
    InventoryConfig config;
    @Inject
    Clock clock;

    /** Defines a new group; placement offers it a node for its first start. */
    public void createGroup(GroupDraft draft) {
        GroupSpec spec = valid(draft);
        run("define group " + spec.groupId(), now -> {
            if (groups.findById(spec.groupId()) != null) {
                throw Rejection.conflict(List.of(new FieldError("groupId", "group " + spec.groupId()
                        + " already exists; change it with PUT")));
            }
            List<FieldError> conflicts = groupWriter.conflicts(spec);
            if (!conflicts.isEmpty()) {
                throw Rejection.conflict(conflicts);
            }
            publish(new AdminEvent.GroupDefined(spec), now);
            return null;
        });
    }

    /** Replaces a group's definition; false when nothing changed (and nothing was published). */
    public boolean changeGroup(String groupId, GroupDraft draft) {
        if (draft.groupId() != null && !draft.groupId().equals(groupId)) {
            throw Rejection.invalid("groupId", "must be the group of the path (" + groupId + "), was '"
                    + draft.groupId() + "'");
        }
        GroupSpec spec = valid(draft.withGroupId(groupId));
        return run("change group " + groupId, now -> {
            GroupEntity g = group(groupId);
            GroupSpec before = groupWriter.spec(g);
            if (before.equals(spec)) {
                return false;
            }
            List<FieldError> conflicts = groupWriter.conflicts(spec);
            if (!conflicts.isEmpty()) {
                throw Rejection.conflict(conflicts);
            }
            List<String> mountedOn = mounts.ofVolume(before.volumeId()).stream().map(m -> m.nodeId).toList();
            OperatorRules.change(before, spec, mountedOn).ifPresent(r -> {
                throw Rejection.conflict(r);
            });
            publish(new AdminEvent.GroupChanged(spec), now);
            return true;
        });
    }

    /** Removes a group from the registry; its containers are stopped and its volume released. */
    public void removeGroup(String groupId) {
        run("remove group " + groupId, now -> {
            GroupEntity g = group(groupId);
            OperatorRules.remove(groupId, g.state).ifPresent(r -> {
                throw Rejection.conflict(r);
            });
            publish(new AdminEvent.GroupRemoved(groupId, g.volumeId), now);
            return null;
        });
    }

    /**
     * Drains a node for maintenance; returns the request id. Unless forced, refused when some group it would move
     * has no other node to go to. Drains are checked one at a time across every instance (a database lock), so two
     * racing drains cannot both count on the other's node.
     */
    public String drain(String nodeId, String requestedBy, boolean force) {
        String who = Params.requestedBy(requestedBy);
        return run("drain node " + nodeId, now -> {
            nodes.lockDrains();
            NodeEntity node = node(nodeId);
            OperatorRules.drain(nodeId, node.state, node.drainRequestId).ifPresent(r -> {
                throw Rejection.conflict(r);
            });
            List<GroupSpec> toMove = groups.onNode(nodeId).stream().filter(g -> g.desiredState == DesiredState.ONLINE)
                    .map(groupWriter::spec).toList();
            if (!toMove.isEmpty()) {
                OperatorRules.drainLeavesATaker(nodeId, toMove, nodes.takersOtherThan(nodeId), force)
                        .ifPresent(r -> {
                            throw Rejection.conflict(r);
                        });
            }
            String requestId = newRequestId();
            publish(new AdminEvent.NodeDrainRequested(requestId, nodeId, who), now);
            return requestId;
        });
    }

    /** Returns a node from maintenance to service; returns the request id. */
    public String resume(String nodeId, String requestedBy) {
        String who = Params.requestedBy(requestedBy);
        return run("resume node " + nodeId, now -> {
            NodeEntity node = node(nodeId);
            OperatorRules.resume(nodeId, node.maintenance).ifPresent(r -> {
                throw Rejection.conflict(r);
            });
            String requestId = newRequestId();
            publish(new AdminEvent.NodeResumeRequested(requestId, nodeId, who), now);
            return requestId;
        });
    }

    /** Moves a group to a node, or (target null) wherever placement chooses; returns the request id. */
    public String move(String groupId, String targetNodeId, String requestedBy) {
        String who = Params.requestedBy(requestedBy);
        String target = Params.id("targetNodeId", targetNodeId);
        return run("move group " + groupId, now -> {
            GroupEntity g = group(groupId);
            NodeEntity current = g.currentNodeId == null ? null : nodes.findById(g.currentNodeId);
            NodeEntity targetNode = target == null ? null : nodes.findById(target);
            OperatorRules.move(new OperatorRules.MoveCheck(groupWriter.spec(g), g.state, g.currentNodeId,
                    current == null ? null : current.state, target,
                    targetNode == null ? null : targetNode.state, g.desiredState)).ifPresent(r -> {
                        throw Rejection.conflict(r);
                    });
            String requestId = newRequestId();
            publish(new AdminEvent.GroupMoveRequested(requestId, groupId, target, who), now);
            return requestId;
        });
    }

    /**
     * Sets what the cluster is to do with a group: run it (ONLINE), keep it stopped (OFFLINE), leave it alone
     * (UNMANAGED); returns the request id.
     */
    public String desire(String groupId, DesiredState wanted, String requestedBy) {
        String who = Params.requestedBy(requestedBy);
        return run(RequestKind.asking(wanted).name().toLowerCase(Locale.ROOT) + " group " + groupId, now -> {
            GroupEntity g = group(groupId);
            OperatorRules.desire(groupId, GroupWriter.desire(g), wanted).ifPresent(r -> {
                throw Rejection.conflict(r);
            });
            String requestId = newRequestId();
            publish(new AdminEvent.GroupDesiredStateChanged(requestId, groupId, wanted, who), now);
            return requestId;
        });
    }

    /** Clears a group's failure history, on one node or (null) on every node; returns the request id. */
    public String clearFailures(String groupId, String nodeId, String requestedBy) {
        String who = Params.requestedBy(requestedBy);
        String node = Params.id("nodeId", nodeId);
        return run("clear failures of group " + groupId, now -> {
            group(groupId);
            String requestId = newRequestId();
            publish(new AdminEvent.GroupFailuresCleared(requestId, groupId, node, who), now);
            return requestId;
        });
    }

    private interface Work<T> {

        T run(Instant now);
    }

    private <T> T run(String what, Work<T> work) {
        T result = writes.forRequest(what, () -> work.run(clock.instant()));
        try {
            publisher.publishPending();
        } catch (RuntimeException e) {
            LOG.warnf("%s committed; publishing it failed and will be retried: %s", what, e.getMessage());
        }
        return result;
    }

    /** Applies the event, records it in the history and queues it for publication, in the caller's transaction. */
    private void publish(AdminEvent event, Instant now) {
        Envelope<AdminEvent> envelope = Envelope.wrap(event, "inventory-service/" + config.instanceId(), now);
        history.append(envelope, now);
        String summary = admin.apply(event, envelope.source(), now, now);
        history.describe(envelope.eventId(), summary);
        outbox.add(envelope, now);
    }

    private static GroupSpec valid(GroupDraft draft) {
        GroupRules.Checked checked = GroupRules.check(draft);
        if (!checked.valid()) {
            throw Rejection.invalid(checked.errors());
        }
        return checked.spec();
    }

    private GroupEntity group(String groupId) {
        GroupEntity g = groups.findById(groupId);
        if (g == null) {
            throw Rejection.notFound("group", groupId);
        }
        return g;
    }

    private NodeEntity node(String nodeId) {
        NodeEntity n = nodes.findById(nodeId);
        if (n == null) {
            throw Rejection.notFound("node", nodeId);
        }
        return n;
    }

    private static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }
}

package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.inventory.domain.FailoverState;
import io.hacluster.inventory.domain.GroupAction;
import io.hacluster.inventory.domain.GroupOutcome;
import io.hacluster.inventory.domain.Maintenance;
import io.hacluster.inventory.domain.NodeSignal;
import io.hacluster.inventory.domain.RequestKind;
import io.hacluster.inventory.domain.RequestStatus;
import io.hacluster.inventory.domain.VolumeHolding;

/** Keeps each failover's plan, progress, timeline and fencing evidence. Runs inside the caller's transaction. */
@ApplicationScoped
public class FailoverWriter {

    private static final Logger LOG = Logger.getLogger(FailoverWriter.class);
    /** The state of a step that failed, as the executor reports it. */
    static final String FAILED_STEP = "FAILED";
    /** The timeline entry of a target that could not run the group (GroupTargetFailed). */
    static final String TARGET_FAILED_STEP = "TARGET_FAILED";
    /** The timeline entry of placement's answer to a re-plan request. */
    static final String REPLANNED_STEP = "REPLANNED";

    @Inject
    FailoverRepository failovers;
    @Inject
    FailoverGroupRepository failoverGroups;
    @Inject
    FailoverStepRepository steps;
    @Inject
    FencingAttemptRepository attempts;
    @Inject
    OperatorRequestRepository requests;
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
    GroupWriter groupWriter;
    @Inject
    NodeWriter nodeWriter;

    public String applyPlan(PlacementDecision.FailoverPlanned p, String eventId, Instant now) {
        PlacementDecision.Trigger trigger = p.trigger();
        if (trigger.kind() == TriggerKind.REPLAN && trigger.parentFailoverId() != null) {
            return applyReplan(p, eventId, now);
        }
        Instant detected = trigger.failure() == null ? null : trigger.failure().detectedAt();
        FailoverEntity f = ensure(p.failoverId(), detected != null ? detected : p.plannedAt(), now);
        takeTrigger(f, trigger);
        f.sourceNodeId = f.sourceNodeId != null ? f.sourceNodeId : p.sourceNodeId();
        f.plannedAt = f.plannedAt != null ? f.plannedAt : p.plannedAt();
        f.detectedAt = f.detectedAt != null ? f.detectedAt : detected;
        boolean replan = trigger.kind() == TriggerKind.REPLAN;
        Set<String> touched = new LinkedHashSet<>();
        List<String> said = new ArrayList<>();
        for (PlacementDecision.Assignment a : p.assignments()) {
            FailoverGroupEntity fg = ensureGroup(f, a.groupId(), now);
            fg.volumeId = a.volumeId();
            fg.fromNodeId = a.fromNodeId();
            fg.targetNodeId = a.toNodeId();
            fg.priority = a.priority();
            fg.candidates = Json.write(a.candidates());
            fg.containerIds = a.containers().stream().map(ContainerSpec::containerId).toList();
            fg.action = a.inPlace() ? GroupAction.RESTART : GroupAction.MOVE;
            fg.restartFrom = a.inPlace() ? a.restartFrom() : null;
            if (a.inPlace() && a.epoch() > 0) {
                fg.epoch = a.epoch();
            }
            if (replan || fg.outcome == GroupOutcome.UNPLACEABLE || fg.outcome == GroupOutcome.FAILED) {
                fg.outcome = GroupOutcome.PLANNED;
                fg.reason = null;
            }
            touched.add(a.groupId());
            said.add(a.inPlace()
                    ? a.groupId() + " restarts on " + a.toNodeId() + " from " + a.restartFrom()
                    : a.groupId() + " -> " + a.toNodeId());
        }
        for (PlacementDecision.Release r : p.releases()) {
            FailoverGroupEntity fg = ensureGroup(f, r.groupId(), now);
            fg.action = GroupAction.STOP;
            fg.volumeId = r.volumeId();
            fg.fromNodeId = r.nodeId();
            fg.targetNodeId = null;
            fg.epoch = r.epoch();
            fg.containerIds = r.containers().stream().map(ContainerSpec::containerId).toList();
            touched.add(r.groupId());
            said.add(r.groupId() + " stops on " + r.nodeId());
        }
        for (PlacementDecision.Unplaceable u : p.unplaceable()) {
            FailoverGroupEntity fg = ensureGroup(f, u.groupId(), now);
            fg.volumeId = u.volumeId();
            fg.fromNodeId = u.fromNodeId();
            fg.priority = u.priority();
            fg.candidates = Json.write(u.candidates());
            if (fg.outcome != GroupOutcome.ONLINE) {
                fg.outcome = GroupOutcome.UNPLACEABLE;
                fg.reason = u.reason();
            }
            touched.add(u.groupId());
            said.add(u.groupId() + " unplaceable: " + u.reason());
        }
        if (trigger.requestId() != null) {
            OperatorRequestEntity r = requests.findById(trigger.requestId());
            if (r != null && r.status == RequestStatus.ACCEPTED) {
                r.status = RequestStatus.PLANNED;
                r.failoverId = f.failoverId;
                r.detail = p.assignments().size() + " groups planned, " + p.unplaceable().size() + " unplaceable"
                        + (p.releases().isEmpty() ? "" : ", " + p.releases().size() + " to stop");
                r.updatedAt = now;
            }
        }
        adopt(f, touched, trigger.requestId());
        afterEnd(f, now);
        groupWriter.refresh(touched, now);
        return "plan " + f.failoverId + " (" + trigger.kind() + describeCause(trigger) + "): "
                + (said.isEmpty() ? "nothing to move" : String.join("; ", said));
    }

    /**
     * A re-plan answers a failover in flight: the executor carries it out within that failover and reports it under
     * that failover's id, never under the plan's own. So the inventory records it on the parent too (the group's new
     * target and candidates, a REPLANNED entry in its timeline) and opens no failover of its own that would stay
     * PLANNED, and keep its group MOVING, for ever.
     */
    private String applyReplan(PlacementDecision.FailoverPlanned p, String eventId, Instant now) {
        String parentId = p.trigger().parentFailoverId();
        FailoverEntity f = ensure(parentId, p.plannedAt(), now);
        Set<String> touched = new LinkedHashSet<>();
        List<String> said = new ArrayList<>();
        String because = p.trigger().reason() == null ? "" : ": " + p.trigger().reason();
        for (PlacementDecision.Assignment a : p.assignments()) {
            FailoverGroupEntity fg = ensureGroup(f, a.groupId(), now);
            fg.candidates = Json.write(a.candidates());
            if (!fg.outcome.terminal()) {
                // the executor moves a re-planned group, even one it was restarting in place
                fg.targetNodeId = a.toNodeId();
                fg.action = GroupAction.MOVE;
                fg.restartFrom = null;
                fg.outcome = GroupOutcome.IN_PROGRESS;
                fg.reason = null;
            }
            timeline(f, a.groupId(), REPLANNED_STEP, "PLANNED", a.toNodeId(), p.plannedAt(),
                    "re-planned to " + a.toNodeId() + " by plan " + p.failoverId() + because, eventId);
            touched.add(a.groupId());
            said.add(a.groupId() + " -> " + a.toNodeId());
        }
        for (PlacementDecision.Unplaceable u : p.unplaceable()) {
            // the executor reports the group unplaceable in the parent once it reads this answer
            FailoverGroupEntity fg = ensureGroup(f, u.groupId(), now);
            fg.candidates = Json.write(u.candidates());
            timeline(f, u.groupId(), REPLANNED_STEP, FAILED_STEP, null, p.plannedAt(),
                    "plan " + p.failoverId() + " found no other node: " + u.reason(), eventId);
            touched.add(u.groupId());
            said.add(u.groupId() + " unplaceable: " + u.reason());
        }
        adopt(f, touched, null);
        groupWriter.refresh(touched, now);
        return "re-plan " + p.failoverId() + " answers failover " + parentId + " (" + describeCause(p.trigger()).strip()
                + "): "
                + (said.isEmpty() ? "nothing to move" : String.join("; ", said));
    }

    public String apply(FailoverEvent event, Instant occurredAt, String eventId, Instant now) {
        if (event instanceof FailoverEvent.FailoverStarted s) {
            return started(s, now);
        }
        if (event instanceof FailoverEvent.NodeFenced fenced) {
            return fenced(fenced, eventId, now);
        }
        if (event instanceof FailoverEvent.GroupStepChanged step) {
            return step(step, occurredAt, eventId, now);
        }
        if (event instanceof FailoverEvent.GroupRelocated r) {
            return relocated(r, occurredAt, now);
        }
        if (event instanceof FailoverEvent.GroupUnplaceable u) {
            return unplaceable(u, occurredAt, now);
        }
        if (event instanceof FailoverEvent.GroupTargetFailed t) {
            return targetFailed(t, occurredAt, eventId, now);
        }
        if (event instanceof FailoverEvent.GroupStopped st) {
            return stopped(st, occurredAt, now);
        }
        if (event instanceof FailoverEvent.FailoverCompleted c) {
            return completed(c, occurredAt, now);
        }
        if (event instanceof FailoverEvent.FailoverFailed failed) {
            return failed(failed, occurredAt, eventId, now);
        }
        return event.getClass().getSimpleName() + " is not applied by the inventory, skipped";
    }

    private String started(FailoverEvent.FailoverStarted s, Instant now) {
        Instant opened = s.detectedAt() != null ? s.detectedAt() : s.plannedAt() != null ? s.plannedAt() : s.startedAt();
        FailoverEntity f = ensure(s.failoverId(), opened, now);
        if (s.trigger() != null) {
            takeTrigger(f, s.trigger());
        }
        f.sourceNodeId = f.sourceNodeId != null ? f.sourceNodeId : s.sourceNodeId();
        f.detectedAt = f.detectedAt != null ? f.detectedAt : s.detectedAt();
        f.plannedAt = f.plannedAt != null ? f.plannedAt : s.plannedAt();
        f.startedAt = f.startedAt != null ? f.startedAt : s.startedAt();
        transition(f, FailoverState.RUNNING, "started by the executor");
        for (String groupId : s.groupIds()) {
            FailoverGroupEntity fg = ensureGroup(f, groupId, now);
            if (fg.outcome == GroupOutcome.PLANNED) {
                fg.outcome = GroupOutcome.IN_PROGRESS;
                fg.updatedAt = now;
            }
        }
        adopt(f, s.groupIds(), f.requestId);
        afterEnd(f, now);
        groupWriter.refresh(s.groupIds(), now);
        return "failover " + f.failoverId + " started: " + s.groupIds().size() + " groups";
    }

    private String fenced(FailoverEvent.NodeFenced e, String eventId, Instant now) {
        FailoverEntity f = ensure(e.failoverId(), e.fencedAt(), now);
        f.fencedAt = e.fencedAt();
        f.fencedNodeId = e.nodeId();
        f.fencingMethod = e.method();
        recordAttempts(f, e.nodeId(), e.attempts(), eventId);
        transition(f, FailoverState.RUNNING, "fencing reported");
        Set<String> touched = fenceMounts(f, e);
        mounts.flush();
        groupWriter.refresh(touched, now);
        LOG.infof("failover %s: node %s fenced by %s after %d attempts", f.failoverId, e.nodeId(), e.method(),
                e.attempts().size());
        return "node " + e.nodeId() + " fenced by " + e.method() + " (" + e.attempts().size() + " attempts)";
    }

    /**
     * The fenced node's mounts are fenced from now on, whatever its last reports said: those of the volumes whose
     * epoch the fence raised, or all of them when the method fenced the whole node. Returns the groups concerned.
     */
    private Set<String> fenceMounts(FailoverEntity f, FailoverEvent.NodeFenced e) {
        Set<String> touched = new LinkedHashSet<>();
        Instant at = e.fencedAt() != null ? e.fencedAt() : f.updatedAt;
        for (FailoverEvent.FencingAttempt a : e.attempts()) {
            if (!a.succeeded()) {
                continue;
            }
            if (a.epochs().isEmpty()) {
                for (VolumeMount m : mounts.ofNode(e.nodeId())) {
                    mounts.fence(e.nodeId(), m.volumeId, new VolumeHolding.Fence(at, null, f.failoverId, a.method()));
                    touched.add(m.groupId);
                }
            }
            for (FailoverEvent.EpochChange c : a.epochs()) {
                VolumeMount m = mounts.find(e.nodeId(), c.volumeId());
                if (m != null) {
                    mounts.fence(e.nodeId(), c.volumeId(),
                            new VolumeHolding.Fence(at, c.after(), f.failoverId, a.method()));
                    touched.add(m.groupId);
                }
            }
        }
        touched.remove(null);
        return touched;
    }

    private String step(FailoverEvent.GroupStepChanged e, Instant occurredAt, String eventId, Instant now) {
        FailoverEntity f = ensure(e.failoverId(), e.at() != null ? e.at() : occurredAt, now);
        transition(f, FailoverState.RUNNING, "steps reported");
        FailoverGroupEntity fg = ensureGroup(f, e.groupId(), now);
        fg.step = e.step();
        fg.stepState = e.state();
        fg.detail = e.detail();
        if (e.targetNodeId() != null) {
            fg.targetNodeId = e.targetNodeId();
        }
        if (!fg.outcome.terminal()) {
            boolean stopFailed = fg.action == GroupAction.STOP && FAILED_STEP.equals(e.state());
            fg.outcome = stopFailed ? GroupOutcome.FAILED : GroupOutcome.IN_PROGRESS;
            if (stopFailed) {
                fg.reason = e.detail() != null ? e.detail() : "step " + e.step() + " failed";
            }
        }
        fg.updatedAt = now;
        timeline(f, e.groupId(), e.step(), e.state(), e.targetNodeId(), e.at() != null ? e.at() : occurredAt,
                e.detail(), eventId);
        adopt(f, List.of(e.groupId()), null);
        groupWriter.refresh(List.of(e.groupId()), now);
        return e.groupId() + ": " + e.step() + " " + e.state() + (e.targetNodeId() == null
                ? ""
                : " on " + e.targetNodeId());
    }

    private String targetFailed(FailoverEvent.GroupTargetFailed e, Instant occurredAt, String eventId, Instant now) {
        Instant at = e.at() != null ? e.at() : occurredAt;
        FailoverEntity f = ensure(e.failoverId(), at, now);
        transition(f, FailoverState.RUNNING, "a target failure reported");
        FailoverGroupEntity fg = ensureGroup(f, e.groupId(), now);
        String reason = e.reason() == null || e.reason().isBlank() ? "no reason given" : e.reason();
        fg.detail = truncate("node " + e.nodeId() + " could not run it: " + reason, 1000);
        fg.updatedAt = now;
        timeline(f, e.groupId(), TARGET_FAILED_STEP, FAILED_STEP, e.nodeId(), at, reason, eventId);
        adopt(f, List.of(e.groupId()), null);
        groupWriter.refresh(List.of(e.groupId()), now);
        return e.groupId() + " could not run on " + e.nodeId() + ": " + reason;
    }

    private String stopped(FailoverEvent.GroupStopped e, Instant occurredAt, Instant now) {
        Instant at = e.at() != null ? e.at() : occurredAt;
        FailoverEntity f = ensure(e.failoverId(), at, now);
        transition(f, FailoverState.RUNNING, "groups stopped");
        FailoverGroupEntity fg = ensureGroup(f, e.groupId(), now);
        fg.action = GroupAction.STOP;
        fg.outcome = GroupOutcome.STOPPED;
        fg.reason = null;
        fg.stoppedAt = at;
        fg.fromNodeId = fg.fromNodeId != null ? fg.fromNodeId : e.nodeId();
        fg.updatedAt = now;
        String node = e.nodeId() != null ? e.nodeId() : fg.fromNodeId;
        GroupEntity g = groups.findById(e.groupId());
        String volumeId = g != null ? g.volumeId : fg.volumeId;
        if (node != null) {
            // the executor saw its containers stopped and its volume released there: newer than the node's reports
            if (volumeId != null) {
                mounts.forget(node, volumeId, at);
            }
            List<String> containerIds = g != null
                    ? containers.ofGroup(g.groupId).stream().map(c -> c.containerId).toList()
                    : fg.containerIds;
            for (String c : containerIds) {
                if (reports.find(node, c) != null) {
                    reports.record(node, c, e.groupId(), ContainerState.STOPPED, "stopped by failover " + f.failoverId,
                            at);
                }
            }
            if (g != null && (g.releasedAt == null || !g.releasedAt.isAfter(at))) {
                g.releasedFrom = node;
                g.releasedAt = at;
            }
            mounts.flush();
        }
        adopt(f, List.of(e.groupId()), null);
        groupWriter.refresh(List.of(e.groupId()), now);
        return e.groupId() + " stopped" + (node == null ? "" : " on " + node) + ", its volume released";
    }

    private String relocated(FailoverEvent.GroupRelocated e, Instant occurredAt, Instant now) {
        Instant onlineAt = e.onlineAt() != null ? e.onlineAt() : occurredAt;
        FailoverEntity f = ensure(e.failoverId(), e.startedAt() != null ? e.startedAt() : onlineAt, now);
        transition(f, FailoverState.RUNNING, "groups relocated");
        FailoverGroupEntity fg = ensureGroup(f, e.groupId(), now);
        fg.outcome = GroupOutcome.ONLINE;
        fg.reason = null;
        fg.targetNodeId = e.toNodeId();
        fg.fromNodeId = fg.fromNodeId != null ? fg.fromNodeId : e.fromNodeId();
        fg.startedAt = e.startedAt();
        fg.onlineAt = onlineAt;
        GroupEntity g = groups.findById(e.groupId());
        boolean inPlace = e.toNodeId() != null && e.toNodeId().equals(e.fromNodeId());
        List<String> containerIds = !e.containerIds().isEmpty()
                ? e.containerIds()
                : g != null
                        ? containers.ofGroup(g.groupId).stream().map(c -> c.containerId).toList()
                        : fg.containerIds;
        fg.containerIds = containerIds;
        fg.updatedAt = now;
        String volumeId = g != null ? g.volumeId : fg.volumeId;
        // a restart in place keeps the epoch the group holds there; an event that does not repeat it keeps it too
        long epoch = e.epoch();
        if (epoch <= 0 && inPlace) {
            VolumeMount held = volumeId == null ? null : mounts.find(e.toNodeId(), volumeId);
            epoch = held != null ? held.epoch : fg.epoch != null ? fg.epoch : 0;
        }
        fg.epoch = epoch;
        if (g != null && (g.relocatedAt == null || !g.relocatedAt.isAfter(onlineAt))) {
            g.relocatedTo = e.toNodeId();
            g.relocatedAt = onlineAt;
        }
        // the executor verified the group online on its new node: that is newer evidence than the old node's reports
        if (volumeId != null) {
            mounts.forgetElsewhere(volumeId, e.toNodeId(), onlineAt);
            mounts.record(e.toNodeId(), volumeId, e.groupId(), epoch, onlineAt);
        }
        reports.forgetElsewhere(containerIds, e.toNodeId(), onlineAt);
        for (String c : containerIds) {
            reports.record(e.toNodeId(), c, e.groupId(), ContainerState.RUNNING,
                    "verified running by failover " + f.failoverId, onlineAt);
        }
        mounts.flush();
        adopt(f, List.of(e.groupId()), null);
        groupWriter.refresh(List.of(e.groupId()), now);
        return inPlace
                ? e.groupId() + " online again on " + e.toNodeId() + " (restarted in place, epoch " + epoch + ")"
                : e.groupId() + " online on " + e.toNodeId() + " (from " + e.fromNodeId() + ", epoch " + epoch + ")";
    }

    private String unplaceable(FailoverEvent.GroupUnplaceable e, Instant occurredAt, Instant now) {
        FailoverEntity f = ensure(e.failoverId(), e.at() != null ? e.at() : occurredAt, now);
        FailoverGroupEntity fg = ensureGroup(f, e.groupId(), now);
        if (fg.outcome != GroupOutcome.ONLINE) {
            fg.outcome = GroupOutcome.UNPLACEABLE;
            fg.reason = e.reason();
        }
        fg.fromNodeId = fg.fromNodeId != null ? fg.fromNodeId : e.fromNodeId();
        fg.updatedAt = now;
        adopt(f, List.of(e.groupId()), null);
        groupWriter.refresh(List.of(e.groupId()), now);
        return e.groupId() + " unplaceable: " + e.reason();
    }

    private String completed(FailoverEvent.FailoverCompleted e, Instant occurredAt, Instant now) {
        FailoverEvent.Timings t = e.timings();
        FailoverEntity f = ensure(e.failoverId(), t == null ? occurredAt : first(t), now);
        fill(f, t);
        f.completedAt = t != null && t.completedAt() != null ? t.completedAt() : occurredAt;
        f.relocatedCount = e.relocated();
        f.unplaceableCount = e.unplaceable();
        transition(f, FailoverState.COMPLETED, e.relocated() + " groups relocated, " + e.unplaceable()
                + " unplaceable");
        afterEnd(f, now);
        List<String> groupIds = failoverGroups.ofFailover(f.failoverId).stream().map(fg -> fg.groupId).toList();
        groupWriter.refresh(groupIds, now);
        return "failover " + f.failoverId + " completed: " + e.relocated() + " relocated, " + e.unplaceable()
                + " unplaceable";
    }

    private String failed(FailoverEvent.FailoverFailed e, Instant occurredAt, String eventId, Instant now) {
        FailoverEvent.Timings t = e.timings();
        FailoverEntity f = ensure(e.failoverId(), t == null ? occurredAt : first(t), now);
        fill(f, t);
        recordAttempts(f, f.sourceNodeId, e.fencingAttempts(), eventId);
        f.failedAt = t != null && t.completedAt() != null ? t.completedAt() : occurredAt;
        f.failureReason = e.reason();
        transition(f, FailoverState.FAILED, e.reason());
        List<String> groupIds = new ArrayList<>();
        for (FailoverGroupEntity fg : failoverGroups.ofFailover(f.failoverId)) {
            if (!fg.outcome.terminal()) {
                fg.outcome = GroupOutcome.FAILED;
                fg.reason = e.reason();
                fg.updatedAt = now;
            }
            groupIds.add(fg.groupId);
        }
        afterEnd(f, now);
        groupWriter.refresh(groupIds, now);
        return "failover " + f.failoverId + " failed: " + e.reason()
                + (e.fencingAttempts().isEmpty() ? "" : " (" + e.fencingAttempts().size() + " fencing attempts)");
    }

    /** One entry of the group's timeline in the failover. */
    private void timeline(FailoverEntity f, String groupId, String step, String state, String nodeId, Instant at,
            String detail, String eventId) {
        FailoverStepEntity row = new FailoverStepEntity();
        row.failoverId = f.failoverId;
        row.groupId = groupId;
        row.step = step;
        row.state = state;
        row.targetNodeId = nodeId;
        row.at = at;
        row.detail = truncate(detail, 1000);
        row.eventId = eventId;
        steps.persist(row);
    }

    private static String truncate(String text, int max) {
        return text != null && text.length() > max ? text.substring(0, max) : text;
    }

    private void recordAttempts(FailoverEntity f, String nodeId, List<FailoverEvent.FencingAttempt> tried,
            String eventId) {
        for (FailoverEvent.FencingAttempt a : tried) {
            FencingAttemptEntity row = new FencingAttemptEntity();
            row.failoverId = f.failoverId;
            row.nodeId = nodeId;
            row.method = a.method();
            row.succeeded = a.succeeded();
            row.startedAt = a.startedAt();
            row.finishedAt = a.finishedAt();
            row.detail = a.detail() != null && a.detail().length() > 2000 ? a.detail().substring(0, 2000) : a.detail();
            row.epochs = Json.write(a.epochs());
            row.eventId = eventId;
            attempts.persist(row);
        }
    }

    /** What follows once a failover ended: its request's outcome, the end of a drain. */
    private void afterEnd(FailoverEntity f, Instant now) {
        if (!f.state.ended()) {
            return;
        }
        if (f.requestId != null) {
            OperatorRequestEntity r = requests.findById(f.requestId);
            // a stop or start ends with the group's state, not with a failover (GroupWriter settles it)
            boolean endsWithFailover = r != null && (r.kind == RequestKind.DRAIN || r.kind == RequestKind.MOVE);
            if (endsWithFailover && !r.status.ended()) {
                boolean nothingMoved = f.relocatedCount != null && f.relocatedCount == 0 && f.unplaceableCount != null
                        && f.unplaceableCount > 0;
                boolean failed = f.state == FailoverState.FAILED || (r.kind == RequestKind.MOVE && nothingMoved);
                r.status = failed ? RequestStatus.FAILED : RequestStatus.COMPLETED;
                r.failoverId = f.failoverId;
                r.detail = f.state == FailoverState.FAILED
                        ? "failover " + f.failoverId + " failed: " + f.failureReason
                        : "failover " + f.failoverId + " completed: " + f.relocatedCount + " groups relocated, "
                                + f.unplaceableCount + " unplaceable";
                r.updatedAt = now;
            }
        }
        if (f.state == FailoverState.COMPLETED && f.triggerKind == TriggerKind.NODE_DRAIN && f.triggerNodeId != null) {
            NodeEntity node = nodes.findById(f.triggerNodeId);
            if (node != null) {
                nodeWriter.signal(node, new NodeSignal.DrainCompleted(f.requestId, f.failoverId), now);
            }
        }
        // the reconciler moves what a drain left behind with RELOCATE plans: the last one ends the drain
        if (f.state == FailoverState.COMPLETED && f.triggerKind == TriggerKind.RELOCATE && f.sourceNodeId != null) {
            NodeEntity node = nodes.findById(f.sourceNodeId);
            if (node != null && node.maintenance == Maintenance.DRAINING && nodeWriter.hostsNothing(node.nodeId)) {
                nodeWriter.signal(node, new NodeSignal.DrainCompleted(node.drainRequestId, f.failoverId), now);
                OperatorRequestEntity r = node.drainRequestId == null ? null : requests.findById(node.drainRequestId);
                if (r != null && !r.status.ended()) {
                    r.status = RequestStatus.COMPLETED;
                    r.failoverId = r.failoverId != null ? r.failoverId : f.failoverId;
                    r.detail = "node " + node.nodeId + " hosts no group any more: failover " + f.failoverId
                            + " moved the last one";
                    r.updatedAt = now;
                }
            }
        }
    }

    private void adopt(FailoverEntity f, Iterable<String> groupIds, String requestId) {
        for (String id : groupIds) {
            GroupEntity g = groups.findById(id);
            if (g == null) {
                continue;
            }
            groupWriter.adoptFailover(g, f);
            groupWriter.linkRequest(g, f, f.updatedAt);
            if (requestId != null && requestId.equals(g.pendingRequestId)) {
                g.pendingRequestId = null;
                g.pendingTargetNodeId = null;
            }
        }
    }

    FailoverEntity ensure(String failoverId, Instant opened, Instant now) {
        FailoverEntity f = failovers.findById(failoverId);
        if (f == null) {
            f = new FailoverEntity();
            f.failoverId = failoverId;
            f.state = FailoverState.PLANNED;
            f.openedAt = opened != null ? opened : now;
            f.updatedAt = now;
            failovers.persist(f);
            LOG.infof("failover %s: %s", failoverId, f.state);
        } else if (opened != null && opened.isBefore(f.openedAt)) {
            f.openedAt = opened;
        }
        f.updatedAt = now;
        return f;
    }

    private FailoverGroupEntity ensureGroup(FailoverEntity f, String groupId, Instant now) {
        FailoverGroupEntity fg = failoverGroups.find(f.failoverId, groupId);
        if (fg == null) {
            fg = new FailoverGroupEntity();
            fg.failoverId = f.failoverId;
            fg.groupId = groupId;
            fg.position = (int) failoverGroups.count("failoverId", f.failoverId);
            fg.outcome = GroupOutcome.PLANNED;
            GroupEntity g = groups.findById(groupId);
            if (g != null) {
                fg.volumeId = g.volumeId;
                fg.priority = g.priority;
                fg.fromNodeId = g.currentNodeId;
            }
            fg.updatedAt = now;
            failoverGroups.persist(fg);
        }
        fg.updatedAt = now;
        return fg;
    }

    private void transition(FailoverEntity f, FailoverState observed, String why) {
        FailoverState next = f.state.next(observed);
        if (next != f.state) {
            LOG.infof("failover %s: %s -> %s: %s", f.failoverId, f.state, next, why);
            f.state = next;
        }
    }

    private static void takeTrigger(FailoverEntity f, PlacementDecision.Trigger t) {
        if (f.triggerKind != null && f.triggerKind != TriggerKind.REPLAN) {
            return;
        }
        f.triggerKind = f.triggerKind == null ? t.kind() : f.triggerKind;
        f.triggerNodeId = t.nodeId();
        f.triggerGroupId = t.groupId();
        f.requestId = t.requestId();
        f.causeEventId = t.causeEventId();
        f.parentFailoverId = t.parentFailoverId();
        f.triggerEvidence = truncate(t.failure() == null ? null : t.failure().reason(), 1000);
        f.triggerReason = truncate(t.reason() != null ? t.reason() : f.triggerEvidence, 1000);
    }

    private static void fill(FailoverEntity f, FailoverEvent.Timings t) {
        if (t == null) {
            return;
        }
        f.detectedAt = f.detectedAt != null ? f.detectedAt : t.detectedAt();
        f.plannedAt = f.plannedAt != null ? f.plannedAt : t.plannedAt();
        f.startedAt = f.startedAt != null ? f.startedAt : t.startedAt();
        f.fencedAt = f.fencedAt != null ? f.fencedAt : t.fencedAt();
    }

    private static Instant first(FailoverEvent.Timings t) {
        return t.detectedAt() != null ? t.detectedAt() : t.plannedAt() != null ? t.plannedAt() : t.startedAt();
    }

    /** " of node node-1: why", " of group g1: why": what the plan answers, for the history. */
    private static String describeCause(PlacementDecision.Trigger t) {
        String node = t.nodeId() == null ? "" : " of node " + t.nodeId();
        String group = t.groupId() == null ? node : " of group " + t.groupId();
        String subject = switch (t.kind()) {
            case NODE_FAILED, NODE_DRAIN -> node.isEmpty() ? group : node;
            case GROUP_MOVE, GROUP_START, REPLAN, FAILBACK, RESTART, RECOVER, RELOCATE, GROUP_STOP -> group;
        };
        return subject + (t.reason() == null ? "" : ": " + t.reason());
    }
}

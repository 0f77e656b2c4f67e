package io.hacluster.executor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.hacluster.events.AdminEvent.GroupReplanRequested;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.CommandResult.CommandFailed;
import io.hacluster.events.CommandResult.CommandSucceeded;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.FailoverEvent.EpochChange;
import io.hacluster.events.FailoverEvent.FencingAttempt;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Release;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;

/**
 * The failover state machine: turns a plan into commands, and results, statuses and time into progress.
 * <p>
 * A failover of a failed node (a node failure, or a recovery that carries the failure of a node not known to be
 * fenced) first fences it, trying the configured methods in order until one succeeds; if none does, nothing is
 * started and the failover fails. Then every group moves, highest priority first and at most
 * {@code maxParallelGroups} at a time: mount its volume on the target under a new, higher epoch, start its
 * containers in order, and wait until the target's status shows them running. An orderly move (drain, move,
 * failback, relocation) first stops the containers on the live source and releases the volume there. A restart in
 * place stops the containers from the last one down to the first to restart and starts them again on the same node
 * under the epoch the volume holds there. A release stops a group's containers and releases its volume on its node,
 * and never takes the volume over. A command that goes unanswered is sent again under the same id (the agent answers
 * a repeat with its first outcome); a target that refuses or stays silent is reported ({@code GroupTargetFailed})
 * and the group re-planned elsewhere, up to {@code maxReplans} times.
 * <p>
 * Pure: no clock (every input carries its time), no I/O; effects are returned for the shell to carry out.
 */
public final class FailoverMachine {

    private final ExecutorSettings settings;
    private final EpochLedger epochs;

    public FailoverMachine(ExecutorSettings settings, EpochLedger epochs) {
        this.settings = settings;
        this.epochs = epochs;
    }

    /** A failover created from a plan, and what starting it does. */
    public record Started(Failover failover, Transition transition) {
    }

    /** Takes a plan in hand. */
    public Started start(FailoverPlanned plan, Instant now) {
        return start(plan, now, Set.of());
    }

    /**
     * Takes a plan in hand while {@code drainingNodes} are being drained: a move to one of them is re-planned before
     * anything of it is done (once its failed source is fenced, when it has one).
     */
    public Started start(FailoverPlanned plan, Instant now, Set<String> drainingNodes) {
        Failover f = new Failover();
        f.failoverId = plan.failoverId();
        f.trigger = plan.trigger();
        f.sourceNodeId = plan.sourceNodeId();
        f.plannedAt = plan.plannedAt();
        f.startedAt = now;
        NodeFailure failure = plan.trigger().failure();
        f.detectedAt = failure != null && failure.detectedAt() != null ? failure.detectedAt() : plan.plannedAt();
        for (Assignment a : plan.assignments()) {
            GroupTask task = new GroupTask(a.groupId(), a.volumeId(), a.fromNodeId(), a.toNodeId(), a.priority(),
                    a.containers());
            if (restartsInPlace(plan, a)) {
                task.kind = GroupTask.Kind.RESTART_IN_PLACE;
                task.epoch = Math.max(0, a.epoch());
                // with no epoch to keep, every container is restarted and the volume mounted again under a new one
                task.restartFromIndex = task.epoch > 0 ? Math.max(0, indexOf(a.containers(), a.restartFrom())) : 0;
                if (task.epoch > 0 && a.volumeId() != null) {
                    epochs.observe(a.volumeId(), task.epoch);
                }
            }
            f.groups.add(task);
        }
        Transition t = new Transition();
        t.publish(new FailoverEvent.FailoverStarted(f.failoverId, f.trigger, f.sourceNodeId,
                plan.assignments().stream().map(Assignment::groupId).toList(), f.detectedAt, f.plannedAt, now));
        for (Release r : plan.releases()) {
            GroupTask task = new GroupTask(r.groupId(), r.volumeId(), r.nodeId(), null, 0, r.containers());
            task.kind = GroupTask.Kind.RELEASE;
            task.epoch = Math.max(0, r.epoch());
            f.groups.add(task);
        }
        for (Unplaceable u : plan.unplaceable()) {
            GroupTask task = new GroupTask(u.groupId(), u.volumeId(), u.fromNodeId(), null, u.priority(), List.of());
            f.groups.add(task);
            unplaceable(f, task, "no node can take it: " + u.reason(), t, now);
        }
        String reason = plan.trigger().reason() == null ? "" : "; " + plan.trigger().reason();
        if (fencesSource(plan)) {
            f.phase = Phase.FENCING;
            if (failure != null && failure.lastHeartbeatAt() != null && failure.detectedAt() != null
                    && failure.isolationTimeoutMs() > 0) {
                f.selfFenceDeadline = now.plus(SelfFenceDeadline.remaining(failure.lastHeartbeatAt(),
                        failure.detectedAt(), Duration.ofMillis(failure.isolationTimeoutMs()),
                        settings.selfFenceMargin()));
            }
            t.changed(f.subject(), "NEW", Phase.FENCING, describe(plan.trigger().kind()) + ": node "
                    + f.sourceNodeId + " failed and is not known to be fenced: fence it before anything of it starts "
                    + "elsewhere" + reason);
            tryFencingMethod(f, t, now);
        } else {
            f.phase = Phase.RECOVERING;
            t.changed(f.subject(), "NEW", Phase.RECOVERING, describe(plan.trigger().kind()) + ": no fencing needed"
                    + reason);
        }
        for (String node : new java.util.TreeSet<>(drainingNodes)) {
            onDraining(f, node, t, now);
        }
        advance(f, t, now);
        return new Started(f, t);
    }

    /**
     * Whether the plan's source is a failed node to fence first: every node failure, and a recovery that carries the
     * failure of a node not known to be fenced. Also when no group can be placed, so that a group reported
     * unplaceable runs nowhere.
     */
    private static boolean fencesSource(FailoverPlanned plan) {
        boolean hasGroups = !plan.assignments().isEmpty() || !plan.unplaceable().isEmpty();
        TriggerKind kind = plan.trigger().kind();
        boolean failedSource = kind == TriggerKind.NODE_FAILED
                || kind == TriggerKind.RECOVER && plan.trigger().failure() != null && plan.sourceNodeId() != null;
        return failedSource && hasGroups;
    }

    /** A restart on the node the group runs on; a restart plan's same-node assignment without a first container
     * restarts them all. */
    private static boolean restartsInPlace(FailoverPlanned plan, Assignment a) {
        return a.inPlace() || plan.trigger().kind() == TriggerKind.RESTART && a.toNodeId().equals(a.fromNodeId());
    }

    private static int indexOf(List<ContainerSpec> containers, String containerId) {
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i).containerId().equals(containerId)) {
                return i;
            }
        }
        return -1;
    }

    /** The one transition function: applies one input to a failover in flight. */
    public Transition handle(Failover f, Input input) {
        Transition t = new Transition();
        if (f.phase.isFinal()) {
            return t;
        }
        Instant now = input.now();
        if (input instanceof Input.ResultReceived r) {
            onResult(f, r.result(), t, now);
        } else if (input instanceof Input.StatusReceived s) {
            onStatus(f, s.status(), s.receivedAt(), t, now);
        } else if (input instanceof Input.Tick) {
            onTick(f, t, now);
        } else if (input instanceof Input.ReplanReceived r) {
            onReplan(f, r.plan(), t, now);
        } else if (input instanceof Input.PowerFenceDone p) {
            onPowerFence(f, p, t, now);
        } else if (input instanceof Input.NodeDraining d) {
            onDraining(f, d.nodeId(), t, now);
        }
        advance(f, t, now);
        return t;
    }

    /**
     * What must be done again after the executor restarted with this failover in flight: a power fencing command
     * whose outcome was never recorded is run again (powering off is idempotent). Unanswered commands need nothing
     * here: their timeout sends them again under the same id.
     */
    public Transition resume(Failover f) {
        Transition t = new Transition();
        if (f.phase == Phase.FENCING && f.powerFenceRunning) {
            t.powerFence(f.failoverId, f.sourceNodeId);
        }
        return t;
    }

    // ---- fencing ---------------------------------------------------------------------------------------------

    private void tryFencingMethod(Failover f, Transition t, Instant now) {
        while (f.phase == Phase.FENCING) {
            if (f.fencingMethodIndex >= settings.fencingMethods().size()) {
                fencingFailed(f, t, now);
                return;
            }
            FencingMethod method = settings.fencingMethods().get(f.fencingMethodIndex);
            f.fencingMethodStartedAt = now;
            switch (method) {
                case STORAGE_PREEMPTION -> {
                    f.preemptedEpochs.clear();
                    List<GroupTask> through = f.groups.stream().filter(FailoverMachine::preemptsThroughTarget).toList();
                    if (through.isEmpty()) {
                        fencingAttemptFailed(f, method, now,
                                "no group has a target node to preempt its volume through", t);
                        continue;
                    }
                    for (GroupTask task : through) {
                        task.epoch = epochs.issue(task.volumeId);
                        sendNew(f, task, fenceCommand(f, task, newCommandId(f, task, "fence", task.toNodeId)), t, now);
                    }
                    return; // results decide
                }
                case POWER -> {
                    if (!settings.powerFencingConfigured()) {
                        fencingAttemptFailed(f, method, now, "no power fencing command is configured", t);
                        continue;
                    }
                    f.powerFenceRunning = true;
                    t.powerFence(f.failoverId, f.sourceNodeId);
                    return; // PowerFenceDone decides
                }
                case SELF_FENCE_DEADLINE -> {
                    if (f.selfFenceDeadline == null) {
                        fencingAttemptFailed(f, method, now,
                                "the node's last heartbeat or isolation timeout is unknown: no deadline to wait for", t);
                        continue;
                    }
                    checkSelfFenceDeadline(f, t, now);
                    return; // ticks decide
                }
            }
        }
    }

    /** A group whose target records the new epoch on its volume: one that is to be moved there. */
    private static boolean preemptsThroughTarget(GroupTask task) {
        return !task.step.isFinal() && task.kind == GroupTask.Kind.MOVE && task.toNodeId != null;
    }

    private void checkSelfFenceDeadline(Failover f, Transition t, Instant now) {
        if (SelfFenceDeadline.hasPassed(f.selfFenceDeadline, now)) {
            NodeFailure failure = f.trigger.failure();
            fenced(f, FencingMethod.SELF_FENCE_DEADLINE, now, "deadline " + f.selfFenceDeadline + " passed: isolation "
                    + "timeout " + failure.isolationTimeoutMs() + " ms + margin " + settings.selfFenceMargin().toMillis()
                    + " ms after the last heartbeat, of which " + Duration.between(failure.lastHeartbeatAt(),
                            failure.detectedAt()).toMillis()
                    + " ms had passed at detection (measured on the monitor's clock; the rest waited out on the "
                    + "executor's)", List.of(), t);
        }
    }

    private void onPreemptionResult(Failover f, GroupTask task, CommandResult result, Transition t, Instant now) {
        task.pending = null;
        if (result instanceof CommandSucceeded ok) {
            long before = parseLong(ok.evidence().get("epochBefore"), 0);
            epochs.observe(task.volumeId, task.epoch);
            f.preemptedEpochs.add(new EpochChange(task.volumeId, before, task.epoch));
            boolean allDone = f.groups.stream().filter(g -> !g.step.isFinal()).allMatch(g -> g.pending == null);
            if (allDone) {
                fenced(f, FencingMethod.STORAGE_PREEMPTION, now, "new epochs recorded on " + f.preemptedEpochs.size()
                        + " volume(s): " + f.preemptedEpochs.stream().map(e -> e.volumeId() + " " + e.before() + "->"
                                + e.after()).collect(Collectors.joining(", ")),
                        f.preemptedEpochs, t);
            }
        } else if (result instanceof CommandFailed failed) {
            if (failed.retryable() && retryAllowed(task)) {
                sendNew(f, task, fenceCommand(f, task, newCommandId(f, task, "fence", task.toNodeId)), t, now);
                return;
            }
            abandonPreemption(f, t, now, "volume " + task.volumeId + " could not be preempted through "
                    + task.toNodeId + ": " + failed.reason());
        }
    }

    /** Whether a retryable refusal may be retried: each step has its own budget of sends. */
    private boolean retryAllowed(GroupTask task) {
        task.refusals++;
        return task.refusals < settings.commandAttempts();
    }

    private void abandonPreemption(Failover f, Transition t, Instant now, String why) {
        for (GroupTask g : f.groups) {
            g.pending = null;
        }
        fencingAttemptFailed(f, FencingMethod.STORAGE_PREEMPTION, now, why, t);
        tryFencingMethod(f, t, now);
    }

    private void onPowerFence(Failover f, Input.PowerFenceDone done, Transition t, Instant now) {
        if (f.phase != Phase.FENCING || !f.powerFenceRunning) {
            return;
        }
        f.powerFenceRunning = false;
        if (done.succeeded()) {
            fenced(f, FencingMethod.POWER, now, done.detail(), List.of(), t);
        } else {
            fencingAttemptFailed(f, FencingMethod.POWER, now, done.detail(), t);
            tryFencingMethod(f, t, now);
        }
    }

    private void fencingAttemptFailed(Failover f, FencingMethod method, Instant now, String detail, Transition t) {
        f.fencingAttempts.add(new FencingAttempt(method.label(), false, f.fencingMethodStartedAt, now, detail, List.of()));
        t.changed(f.subject(), "FENCING by " + method.label(), "next fencing method", detail);
        f.fencingMethodIndex++;
    }

    private void fenced(Failover f, FencingMethod method, Instant now, String detail, List<EpochChange> epochChanges,
            Transition t) {
        f.fencingAttempts.add(new FencingAttempt(method.label(), true, f.fencingMethodStartedAt, now, detail,
                epochChanges));
        f.fencedBy = method.label();
        f.fencedAt = now;
        f.phase = Phase.RECOVERING;
        for (GroupTask g : f.groups) {
            if (g.kind != GroupTask.Kind.MOVE) {
                continue; // a restart in place keeps its epoch, a release the one it releases
            }
            g.sourceReleased = true;
            if (method != FencingMethod.STORAGE_PREEMPTION) {
                g.epoch = 0; // a new epoch is issued at mount
            }
        }
        t.publish(new FailoverEvent.NodeFenced(f.failoverId, f.sourceNodeId, method.label(), f.fencingAttempts, now));
        t.changed(f.subject(), Phase.FENCING, Phase.RECOVERING, "node " + f.sourceNodeId + " fenced by "
                + method.label() + ": " + detail);
    }

    private void fencingFailed(Failover f, Transition t, Instant now) {
        String why = "every fencing method failed: " + f.fencingAttempts.stream()
                .map(a -> a.method() + " (" + a.detail() + ")").collect(Collectors.joining("; "));
        f.phase = Phase.FAILED;
        f.failureReason = why;
        f.completedAt = now;
        for (GroupTask g : f.groups) {
            if (g.step.isFinal()) {
                continue;
            }
            if (g.kind == GroupTask.Kind.RELEASE) {
                stopFailed(f, g, "not stopped: the failover ended when node " + f.sourceNodeId
                        + " could not be fenced", t, now);
            } else {
                unplaceable(f, g, "stays offline: node " + f.sourceNodeId + " could not be fenced", t, now);
            }
        }
        t.publish(new FailoverEvent.FailoverFailed(f.failoverId, why, f.timings(), f.fencingAttempts));
        t.changed(f.subject(), Phase.FENCING, Phase.FAILED, why);
    }

    // ---- inputs ----------------------------------------------------------------------------------------------

    private void onResult(Failover f, CommandResult result, Transition t, Instant now) {
        Optional<GroupTask> owner = f.groups.stream()
                .filter(g -> g.pending != null && g.pending.commandId().equals(result.commandId())).findFirst();
        if (owner.isEmpty()) {
            return; // an answer to a command that is no longer awaited: a late repeat
        }
        GroupTask task = owner.get();
        if (f.phase == Phase.FENCING) {
            onPreemptionResult(f, task, result, t, now);
            return;
        }
        task.pending = null;
        if (result instanceof CommandSucceeded ok) {
            onStepDone(f, task, ok, t, now);
        } else if (result instanceof CommandFailed failed) {
            if (failed.retryable() && retryAllowed(task)) {
                sendStepCommand(f, task, true, t, now);
            } else {
                onStepFailed(f, task, "node " + failed.nodeId() + " refused " + failed.commandType() + ": "
                        + failed.reason(), t, now);
            }
        }
    }

    private void onStatus(Failover f, NodeStatus status, Instant receivedAt, Transition t, Instant now) {
        for (GroupTask task : f.groups) {
            if (task.step != Step.VERIFYING || !status.nodeId().equals(task.toNodeId)) {
                continue;
            }
            Map<String, ContainerStatus> reported = status.containers().stream()
                    .collect(Collectors.toMap(ContainerStatus::containerId, c -> c, (a, b) -> b));
            // a status counts only when received after the starts went out: an older one may describe an earlier
            // life of the container on this node (for a restart in place, the very life that is being replaced)
            boolean fresh = task.startingSince != null && !receivedAt.isBefore(task.startingSince);
            Optional<ContainerStatus> failed = task.containers.stream().map(c -> reported.get(c.containerId()))
                    .filter(c -> fresh && c != null && c.state() == ContainerState.FAILED).findFirst();
            if (failed.isPresent()) {
                targetFailed(f, task, "container " + failed.get().containerId() + " failed on " + task.toNodeId + ": "
                        + failed.get().detail(), t, now);
                continue;
            }
            boolean allRunning = fresh && task.containers.stream().map(c -> reported.get(c.containerId()))
                    .allMatch(c -> c != null && c.state() == ContainerState.RUNNING);
            if (allRunning) {
                online(f, task, t, now);
            }
        }
    }

    private void onTick(Failover f, Transition t, Instant now) {
        if (f.phase == Phase.FENCING) {
            FencingMethod method = settings.fencingMethods().get(f.fencingMethodIndex);
            if (method == FencingMethod.SELF_FENCE_DEADLINE) {
                checkSelfFenceDeadline(f, t, now);
                return;
            }
            if (method == FencingMethod.STORAGE_PREEMPTION) {
                for (GroupTask task : f.groups) {
                    if (task.pending != null && expired(task, now)) {
                        if (task.pending.attempt() < settings.commandAttempts()) {
                            resend(f, task, fenceCommand(f, task, task.pending.commandId()), t, now);
                        } else {
                            abandonPreemption(f, t, now, "no answer from " + task.toNodeId + " to the preemption of "
                                    + task.volumeId + " after " + task.pending.attempt() + " attempts");
                            return;
                        }
                    }
                }
            }
            return;
        }
        for (GroupTask task : f.groups) {
            if (task.pending != null && expired(task, now)) {
                if (task.pending.attempt() < settings.commandAttempts()) {
                    sendStepCommand(f, task, false, t, now);
                } else {
                    String node = task.pending.nodeId();
                    int attempts = task.pending.attempt();
                    task.pending = null;
                    onStepFailed(f, task, "no answer from " + node + " to " + task.step + " after " + attempts
                            + " attempts", t, now);
                }
            } else if (task.step == Step.VERIFYING && task.verifyingSince != null
                    && !now.isBefore(task.verifyingSince.plus(settings.verifyTimeout()))) {
                targetFailed(f, task, "containers not reported running on " + task.toNodeId + " within "
                        + settings.verifyTimeout().toMillis() + " ms", t, now);
            } else if (task.step == Step.REPLANNING && task.replanRequestedAt != null
                    && !now.isBefore(task.replanRequestedAt.plus(settings.replanTimeout()))) {
                unplaceable(f, task, "placement did not answer the re-plan request within "
                        + settings.replanTimeout().toSeconds() + " s; last failure: " + task.reason, t, now);
            }
        }
    }

    private void onReplan(Failover f, FailoverPlanned plan, Transition t, Instant now) {
        for (Assignment a : plan.assignments()) {
            f.group(a.groupId()).filter(g -> g.step == Step.REPLANNING).ifPresent(task -> {
                task.toNodeId = a.toNodeId();
                task.epoch = 0;
                // a restart in place that failed becomes a move away from its node, released there first
                task.kind = GroupTask.Kind.MOVE;
                setStep(f, task, Step.PENDING, "re-planned to " + a.toNodeId(), t, now);
            });
        }
        for (Unplaceable u : plan.unplaceable()) {
            f.group(u.groupId()).filter(g -> g.step == Step.REPLANNING)
                    .ifPresent(task -> unplaceable(f, task, "no other node can take it: " + u.reason(), t, now));
        }
    }

    // ---- progress --------------------------------------------------------------------------------------------

    /** Starts pending groups in plan order while there is room, and completes the failover when all are final. */
    private void advance(Failover f, Transition t, Instant now) {
        if (f.phase != Phase.RECOVERING) {
            return;
        }
        long active = f.groups.stream().filter(GroupTask::isActive).count();
        for (GroupTask task : f.groups) {
            if (active >= settings.maxParallelGroups()) {
                break;
            }
            if (task.step == Step.PENDING) {
                task.startedAt = task.startedAt == null ? now : task.startedAt;
                begin(f, task, t, now);
                if (task.isActive()) {
                    sendStepCommand(f, task, true, t, now);
                    active++;
                }
            }
        }
        if (f.groups.stream().allMatch(g -> g.step.isFinal())) {
            f.phase = Phase.COMPLETED;
            f.completedAt = now;
            int relocated = count(f, Step.ONLINE);
            int unplaceable = count(f, Step.UNPLACEABLE);
            t.publish(new FailoverEvent.FailoverCompleted(f.failoverId, relocated, unplaceable, f.timings()));
            String stops = f.groups.stream().anyMatch(g -> g.kind == GroupTask.Kind.RELEASE)
                    ? ", " + count(f, Step.STOPPED) + " stopped, " + count(f, Step.STOP_FAILED) + " not stopped"
                    : "";
            t.changed(f.subject(), Phase.RECOVERING, Phase.COMPLETED, relocated + " group(s) online, " + unplaceable
                    + " offline" + stops);
        }
    }

    private static int count(Failover f, Step step) {
        return (int) f.groups.stream().filter(g -> g.step == step).count();
    }

    /** The first step of a group whose turn has come. */
    private void begin(Failover f, GroupTask task, Transition t, Instant now) {
        switch (task.kind) {
            case RELEASE -> {
                task.containerIndex = task.containers.size() - 1;
                setStep(f, task, task.containers.isEmpty() ? Step.UNMOUNTING : Step.STOPPING, "stop it on "
                        + task.fromNodeId + " and release " + task.volumeId + " there; start it nowhere", t, now);
            }
            case RESTART_IN_PLACE -> {
                task.containerIndex = task.containers.size() - 1;
                if (task.containers.isEmpty()) {
                    online(f, task, t, now); // nothing to restart
                } else if (keepsEpoch(task)) {
                    setStep(f, task, Step.STOPPING, "restart in place on " + task.toNodeId + " under epoch "
                            + task.epoch + ": stop " + task.containers.get(task.restartFromIndex).containerId()
                            + " and the containers after it, last first", t, now);
                } else {
                    setStep(f, task, Step.STOPPING, "restart in place on " + task.toNodeId + " without an epoch to "
                            + "keep: stop every container, then mount " + task.volumeId + " again under a new one",
                            t, now);
                }
            }
            case MOVE -> {
                if (needsOrderlyStop(f, task)) {
                    task.containerIndex = task.containers.size() - 1;
                    setStep(f, task, task.containers.isEmpty() ? Step.UNMOUNTING : Step.STOPPING,
                            "orderly move: release it on " + task.fromNodeId + " first", t, now);
                } else if (task.targetDraining) {
                    retarget(f, task, t, now);
                } else {
                    setStep(f, task, Step.MOUNTING, "mount " + task.volumeId + " on " + task.toNodeId, t, now);
                }
            }
        }
    }

    /**
     * Whether the source of a move is live and releases the group itself before the target takes it: drains, moves,
     * failbacks, relocations, and a restart in place that failed and was re-planned to another node.
     */
    private boolean needsOrderlyStop(Failover f, GroupTask task) {
        TriggerKind kind = f.trigger.kind();
        boolean orderly = kind == TriggerKind.NODE_DRAIN || kind == TriggerKind.GROUP_MOVE
                || kind == TriggerKind.FAILBACK || kind == TriggerKind.RELOCATE || kind == TriggerKind.RESTART;
        return orderly && !task.sourceReleased && task.fromNodeId != null && !task.fromNodeId.equals(task.toNodeId);
    }

    /** A restart in place that keeps the epoch its volume is mounted under: only some containers are restarted. */
    private static boolean keepsEpoch(GroupTask task) {
        return task.kind == GroupTask.Kind.RESTART_IN_PLACE && task.epoch > 0;
    }

    /** The last container a STOPPING step stops: for a restart in place, the first one restarted. */
    private static int lastToStop(GroupTask task) {
        return keepsEpoch(task) ? task.restartFromIndex : 0;
    }

    private void onStepDone(Failover f, GroupTask task, CommandSucceeded ok, Transition t, Instant now) {
        switch (task.step) {
            case STOPPING -> {
                task.containerIndex--;
                if (task.containerIndex < lastToStop(task)) {
                    if (keepsEpoch(task)) {
                        task.containerIndex = task.restartFromIndex;
                        setStep(f, task, Step.STARTING, "stopped " + task.containers
                                .subList(task.restartFromIndex, task.containers.size()).stream()
                                .map(ContainerSpec::containerId).toList() + " on " + task.toNodeId
                                + "; start them again under epoch " + task.epoch, t, now);
                    } else {
                        setStep(f, task, Step.UNMOUNTING, "containers stopped on " + task.fromNodeId, t, now);
                    }
                }
                sendStepCommand(f, task, true, t, now);
            }
            case UNMOUNTING -> {
                if (task.kind == GroupTask.Kind.RELEASE) {
                    stopped(f, task, t, now);
                    return;
                }
                task.sourceReleased = true;
                if (task.targetDraining) {
                    retarget(f, task, t, now);
                    return;
                }
                setStep(f, task, Step.MOUNTING, task.volumeId + " released on " + task.fromNodeId, t, now);
                sendStepCommand(f, task, true, t, now);
            }
            case MOUNTING -> {
                epochs.observe(task.volumeId, task.epoch);
                task.containerIndex = 0;
                if (task.containers.isEmpty()) {
                    online(f, task, t, now);
                } else {
                    setStep(f, task, Step.STARTING, task.volumeId + " mounted on " + task.toNodeId + " at epoch "
                            + task.epoch, t, now);
                    sendStepCommand(f, task, true, t, now);
                }
            }
            case STARTING -> {
                task.containerIndex++;
                if (task.containerIndex >= task.containers.size()) {
                    task.verifyingSince = now;
                    setStep(f, task, Step.VERIFYING, "all containers started on " + task.toNodeId
                            + "; waiting for its status to show them running", t, now);
                } else {
                    sendStepCommand(f, task, true, t, now);
                }
            }
            default -> {
                // answers in other steps are not expected; ignore
            }
        }
    }

    private void onStepFailed(Failover f, GroupTask task, String why, Transition t, Instant now) {
        if (task.kind == GroupTask.Kind.RELEASE) {
            // a stop never takes the volume over and never starts anything: the operator is told
            stopFailed(f, task, "not stopped on " + task.fromNodeId + ": " + why, t, now);
            return;
        }
        if (task.kind == GroupTask.Kind.MOVE && (task.step == Step.STOPPING || task.step == Step.UNMOUNTING)) {
            // The source does not release it: take the volume over under a higher epoch instead, which shuts the
            // source out of the volume's data whatever it still runs.
            task.sourceReleased = true;
            if (task.targetDraining) {
                retarget(f, task, t, now);
                return;
            }
            setStep(f, task, Step.MOUNTING, "orderly release failed (" + why + "); the volume is taken over by a "
                    + "higher epoch", t, now);
            sendStepCommand(f, task, true, t, now);
            return;
        }
        targetFailed(f, task, why, t, now);
    }

    private void targetFailed(Failover f, GroupTask task, String why, Transition t, Instant now) {
        String target = task.toNodeId;
        t.publish(new FailoverEvent.GroupTargetFailed(f.failoverId, task.groupId, target, why, now));
        // Best effort: leave nothing of the group on the target that failed; a later mount elsewhere takes the
        // volume over under a higher epoch in any case. Every container up to the current one may run there: for a
        // restart in place, those it kept running too, since the group moves as a unit.
        for (int i = Math.min(task.containerIndex, task.containers.size() - 1); i >= 0; i--) {
            ContainerSpec c = task.containers.get(i);
            t.send(new AgentCommand.StopContainer(newCommandId(f, task, "cleanup-stop-" + c.containerId(), target),
                    target, f.failoverId, task.groupId, c.containerId(), settings.stopGrace().toMillis()));
        }
        t.send(new AgentCommand.UnmountVolume(newCommandId(f, task, "cleanup-unmount", target), target, f.failoverId,
                task.groupId, task.volumeId, task.epoch));
        replan(f, task, target, why, t, now);
    }

    /** Asks placement for another node than {@code target}, unless the group has had its share of targets. */
    private void replan(Failover f, GroupTask task, String target, String why, Transition t, Instant now) {
        task.pending = null;
        task.targetDraining = false;
        if (task.replans >= settings.maxReplans()) {
            unplaceable(f, task, "gave up after " + (task.replans + 1) + " target(s); last: " + why, t, now);
            return;
        }
        task.replans++;
        if (!task.excludedNodes.contains(target)) {
            task.excludedNodes.add(target);
        }
        task.reason = why;
        setStep(f, task, Step.REPLANNING, why, t, now);
        t.publish(new GroupReplanRequested(f.failoverId + "/" + task.groupId + "/replan-" + task.replans,
                f.failoverId, task.groupId, task.fromNodeId, task.excludedNodes, why));
    }

    /**
     * An operator drains a node: a group on its way there that has not been mounted there yet goes elsewhere. One
     * waiting for its turn is re-planned at once; one whose source is being fenced or released is re-planned when it
     * would be mounted. Placement sees the drain before the re-plan request (both travel on cluster-admin, in order), so
     * it does not choose the node again. A group already mounted there is left to the drain itself.
     */
    private void onDraining(Failover f, String nodeId, Transition t, Instant now) {
        for (GroupTask task : f.groups) {
            if (task.kind != GroupTask.Kind.MOVE || !nodeId.equals(task.toNodeId)) {
                continue;
            }
            if (task.step == Step.PENDING && f.phase == Phase.RECOVERING) {
                retarget(f, task, t, now);
            } else if (!task.targetDraining && (task.step == Step.PENDING || task.step == Step.STOPPING
                    || task.step == Step.UNMOUNTING)) {
                // while its source is being fenced (storage preemption goes through the target), or while it is
                // released there: re-planned when it would be mounted
                task.targetDraining = true;
                t.changed(f.failoverId + "/" + task.groupId, "target " + nodeId, "re-plan before mounting",
                        "its target " + nodeId + " is being drained; it is re-planned before it would be mounted");
            }
        }
    }

    private void retarget(Failover f, GroupTask task, Transition t, Instant now) {
        replan(f, task, task.toNodeId, "its target " + task.toNodeId + " is being drained", t, now);
    }

    private void online(Failover f, GroupTask task, Transition t, Instant now) {
        task.onlineAt = now;
        setStep(f, task, Step.ONLINE, "running on " + task.toNodeId, t, now);
        t.publish(new FailoverEvent.GroupRelocated(f.failoverId, task.groupId, task.fromNodeId, task.toNodeId,
                task.epoch, task.startedAt, now, task.containers.stream().map(ContainerSpec::containerId).toList()));
    }

    private void stopped(Failover f, GroupTask task, Transition t, Instant now) {
        setStep(f, task, Step.STOPPED, "containers stopped and " + task.volumeId + " released on " + task.fromNodeId,
                t, now);
        t.publish(new FailoverEvent.GroupStopped(f.failoverId, task.groupId, task.fromNodeId, now));
    }

    private void stopFailed(Failover f, GroupTask task, String why, Transition t, Instant now) {
        task.reason = why;
        task.pending = null;
        setStep(f, task, Step.STOP_FAILED, why, t, now);
    }

    private void unplaceable(Failover f, GroupTask task, String why, Transition t, Instant now) {
        task.reason = why;
        task.pending = null;
        setStep(f, task, Step.UNPLACEABLE, why, t, now);
        t.publish(new FailoverEvent.GroupUnplaceable(f.failoverId, task.groupId, task.fromNodeId, why, now));
    }

    private void setStep(Failover f, GroupTask task, Step to, String why, Transition t, Instant now) {
        Step from = task.step;
        task.step = to;
        task.refusals = 0;
        if (to == Step.STARTING) {
            task.startingSince = now;
        } else if (to == Step.REPLANNING) {
            task.replanRequestedAt = now;
        }
        t.changed(task.subject(f.failoverId), from, to, why);
        t.publish(new FailoverEvent.GroupStepChanged(f.failoverId, task.groupId, to.name(),
                to == Step.UNPLACEABLE || to == Step.STOP_FAILED ? "FAILED" : "ENTERED", nodeOf(task), now, why));
    }

    // ---- commands --------------------------------------------------------------------------------------------

    /** Sends the command of the task's current step: under a fresh id, or again under the pending one. */
    private void sendStepCommand(Failover f, GroupTask task, boolean freshId, Transition t, Instant now) {
        String node = nodeOf(task);
        String commandId = freshId || task.pending == null
                ? newCommandId(f, task, stepLabel(task), node)
                : task.pending.commandId();
        AgentCommand command = switch (task.step) {
            case STOPPING -> new AgentCommand.StopContainer(commandId, node, f.failoverId, task.groupId,
                    task.containers.get(task.containerIndex).containerId(), settings.stopGrace().toMillis());
            case UNMOUNTING -> new AgentCommand.UnmountVolume(commandId, node, f.failoverId, task.groupId,
                    task.volumeId, task.kind == GroupTask.Kind.RELEASE ? task.epoch : 0);
            case MOUNTING -> {
                if (task.epoch == 0) {
                    task.epoch = epochs.issue(task.volumeId);
                }
                yield new AgentCommand.MountVolume(commandId, node, f.failoverId, task.groupId, task.volumeId,
                        task.epoch);
            }
            case STARTING -> new AgentCommand.StartContainer(commandId, node, f.failoverId, task.groupId,
                    task.volumeId, task.epoch, task.containers.get(task.containerIndex));
            default -> null;
        };
        if (command == null) {
            return;
        }
        if (freshId || task.pending == null) {
            sendNew(f, task, command, t, now);
        } else {
            resend(f, task, command, t, now);
        }
    }

    /** The node the task's current step acts on: the source while releasing it, else the target. */
    private static String nodeOf(GroupTask task) {
        if (task.kind == GroupTask.Kind.RELEASE) {
            return task.fromNodeId;
        }
        return task.step == Step.STOPPING || task.step == Step.UNMOUNTING ? task.fromNodeId : task.toNodeId;
    }

    private static String stepLabel(GroupTask task) {
        return switch (task.step) {
            case STOPPING -> "stop-" + task.containers.get(task.containerIndex).containerId();
            case STARTING -> "start-" + task.containers.get(task.containerIndex).containerId();
            default -> task.step.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private AgentCommand.FenceVolume fenceCommand(Failover f, GroupTask task, String commandId) {
        return new AgentCommand.FenceVolume(commandId, task.toNodeId, f.failoverId, task.groupId, task.volumeId,
                task.epoch, f.sourceNodeId);
    }

    private static String newCommandId(Failover f, GroupTask task, String what, String node) {
        task.commandSeq++;
        return f.failoverId + "/" + task.groupId + "/" + what + "@" + node + "#" + task.commandSeq;
    }

    private void sendNew(Failover f, GroupTask task, AgentCommand command, Transition t, Instant now) {
        task.pending = new PendingCommand(command.commandId(), command.nodeId(), now, 1);
        t.send(command);
    }

    private void resend(Failover f, GroupTask task, AgentCommand command, Transition t, Instant now) {
        task.pending = new PendingCommand(command.commandId(), command.nodeId(), now, task.pending.attempt() + 1);
        t.send(command);
    }

    /** A stop may take its grace period before the agent answers; every other command only the timeout. */
    private boolean expired(GroupTask task, Instant now) {
        Duration timeout = task.step == Step.STOPPING
                ? settings.commandTimeout().plus(settings.stopGrace())
                : settings.commandTimeout();
        return !now.isBefore(task.pending.sentAt().plus(timeout));
    }

    private static long parseLong(String text, long fallback) {
        try {
            return text == null ? fallback : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String describe(TriggerKind kind) {
        return switch (kind) {
            case NODE_FAILED -> "node failure";
            case NODE_DRAIN -> "drain";
            case GROUP_MOVE -> "move";
            case GROUP_START -> "first start";
            case REPLAN -> "re-plan";
            case FAILBACK -> "failback";
            case RESTART -> "restart in place";
            case RECOVER -> "recovery";
            case RELOCATE -> "relocation";
            case GROUP_STOP -> "stop";
        };
    }
}

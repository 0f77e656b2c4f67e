package io.hacluster.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent.GroupReplanRequested;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Release;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;
import io.hacluster.events.Resources;
import io.hacluster.executor.domain.Effect;
import io.hacluster.executor.domain.EpochLedger;
import io.hacluster.executor.domain.ExecutorSettings;
import io.hacluster.executor.domain.Failover;
import io.hacluster.executor.domain.FailoverMachine;
import io.hacluster.executor.domain.FencingMethod;
import io.hacluster.executor.domain.Input;
import io.hacluster.executor.domain.Phase;
import io.hacluster.executor.domain.Step;
import io.hacluster.executor.domain.Transition;

class FailoverMachineTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final ContainerSpec C101 = new ContainerSpec("101", 500, 512, List.of());
    static final ContainerSpec C102 = new ContainerSpec("102", 500, 512, List.of());
    static final ContainerSpec C103 = new ContainerSpec("103", 500, 512, List.of());
    static final ContainerSpec C201 = new ContainerSpec("201", 500, 512, List.of());

    /** Issues epochs like the database ledger: one more than anything issued or seen. */
    static final class MemoryLedger implements EpochLedger {

        final Map<String, Long> highest = new HashMap<>();

        @Override
        public long issue(String volumeId) {
            return highest.merge(volumeId, 1L, (old, one) -> old + 1);
        }

        @Override
        public void observe(String volumeId, long epoch) {
            highest.merge(volumeId, epoch, Math::max);
        }
    }

    MemoryLedger ledger;
    Instant now;

    @BeforeEach
    void setUp() {
        ledger = new MemoryLedger();
        ledger.observe("vol-a", 3);
        now = T0;
    }

    FailoverMachine machine(FencingMethod... methods) {
        return machine(false, 8, methods);
    }

    FailoverMachine machine(boolean power, int parallel, FencingMethod... methods) {
        return new FailoverMachine(new ExecutorSettings(Duration.ofSeconds(2), 3, Duration.ofSeconds(5),
                Duration.ofSeconds(1), parallel, 2, Duration.ofSeconds(10), List.of(methods), power, Duration.ofSeconds(1)),
                ledger);
    }

    static FailoverPlanned nodeFailedPlan(Assignment... assignments) {
        return new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_FAILED, "node-1", null, null, "evt-1",
                new NodeFailure("inc-1", T0.minusSeconds(3), T0, 2000, "silent 3000 ms"), null), "node-1",
                List.of(assignments), List.of(), T0);
    }

    static Assignment groupA(String to) {
        return new Assignment("g-a", "vol-a", "node-1", to, 10, List.of(C101, C102), List.of());
    }

    static Assignment groupB(String to) {
        return new Assignment("g-b", "vol-b", "node-1", to, 5, List.of(C201), List.of());
    }

    /** A restart in place of g-r on node-1, whose volume is mounted there under {@code epoch}. */
    static Assignment restartInPlace(String from, long epoch) {
        return new Assignment("g-r", "vol-r", "node-1", "node-1", 10, List.of(C101, C102, C103), List.of(), epoch,
                from);
    }

    static Release releaseOfA(long epoch) {
        return new Release("g-a", "vol-a", "node-1", epoch, List.of(C101, C102));
    }

    static FailoverPlanned reconcilerPlan(TriggerKind kind, NodeFailure failure, List<Assignment> assignments,
            List<Release> releases) {
        return new FailoverPlanned("fo-1", new Trigger(kind, "node-1", null, null, "evt-1", failure, null,
                "the reconciler found a difference"), "node-1", assignments, List.of(), T0, releases);
    }

    static <T> List<T> sent(Transition t, Class<T> type) {
        return t.effects().stream().filter(e -> e instanceof Effect.SendCommand).map(e -> ((Effect.SendCommand) e).command())
                .filter(type::isInstance).map(type::cast).toList();
    }

    static <T> List<T> published(Transition t, Class<T> type) {
        return t.effects().stream().filter(e -> e instanceof Effect.Publish).map(e -> ((Effect.Publish) e).payload())
                .filter(type::isInstance).map(type::cast).toList();
    }

    static CommandResult ok(AgentCommand c, Map<String, String> evidence) {
        return new CommandResult.CommandSucceeded(c.commandId(), c.nodeId(), c.getClass().getSimpleName(),
                c.failoverId(), c.groupId(), T0, evidence);
    }

    static CommandResult ok(AgentCommand c) {
        return ok(c, Map.of());
    }

    static CommandResult refused(AgentCommand c, String reason) {
        return new CommandResult.CommandFailed(c.commandId(), c.nodeId(), c.getClass().getSimpleName(), c.failoverId(),
                c.groupId(), T0, reason, false);
    }

    static NodeStatus running(String node, String... containers) {
        return new NodeStatus(node, "inc", 1, T0, NodeStatus.Mode.ACTIVE, new Resources(4000, 8192), Resources.NONE,
                List.of(), java.util.Arrays.stream(containers)
                        .map(c -> new ContainerStatus(c, "g", ContainerState.RUNNING, "pid 1")).toList(),
                List.of(), null);
    }

    /** Every command sent in this test, in order. */
    final List<AgentCommand> commands = new ArrayList<>();

    Transition seen(Transition t) {
        commands.addAll(sent(t, AgentCommand.class));
        return t;
    }

    static String describe(AgentCommand c) {
        String what = c.getClass().getSimpleName() + " " + c.nodeId();
        if (c instanceof AgentCommand.StopContainer s) {
            return what + " " + s.containerId();
        }
        if (c instanceof AgentCommand.StartContainer s) {
            return what + " " + s.container().containerId() + " epoch " + s.epoch();
        }
        return what;
    }

    Transition handle(FailoverMachine m, Failover f, CommandResult r) {
        return seen(m.handle(f, new Input.ResultReceived(r, now)));
    }

    Transition tick(FailoverMachine m, Failover f, Duration after) {
        now = now.plus(after);
        return seen(m.handle(f, new Input.Tick(now)));
    }

    Failover start(FailoverMachine m, FailoverPlanned plan, List<Transition> into) {
        var started = m.start(plan, now);
        into.add(seen(started.transition()));
        return started.failover();
    }

    @Test
    void shouldFenceAFailedNodeByStoragePreemptionBeforeMountingAnything() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION, FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();

        assertThat(published(started.transition(), FailoverEvent.FailoverStarted.class)).hasSize(1);
        assertThat(sent(started.transition(), AgentCommand.MountVolume.class)).isEmpty();
        AgentCommand.FenceVolume fence = sent(started.transition(), AgentCommand.FenceVolume.class).get(0);
        assertThat(fence.nodeId()).isEqualTo("node-2");
        assertThat(fence.epoch()).isEqualTo(4);
        assertThat(fence.previousOwner()).isEqualTo("node-1");

        Transition fenced = handle(m, f, ok(fence, Map.of("epochBefore", "3", "epochAfter", "4")));

        FailoverEvent.NodeFenced evidence = published(fenced, FailoverEvent.NodeFenced.class).get(0);
        assertThat(evidence.method()).isEqualTo("storage-preemption");
        assertThat(evidence.attempts().get(0).epochs()).containsExactly(new FailoverEvent.EpochChange("vol-a", 3, 4));
        AgentCommand.MountVolume mount = sent(fenced, AgentCommand.MountVolume.class).get(0);
        assertThat(mount.epoch()).isEqualTo(4);
        assertThat(f.phase()).isEqualTo(Phase.RECOVERING);
    }

    @Test
    void shouldStartContainersInOrderThenWaitForTheTargetToReportThemRunning() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);

        AgentCommand.StartContainer first = sent(handle(m, f, ok(mount)), AgentCommand.StartContainer.class).get(0);
        assertThat(first.container().containerId()).isEqualTo("101");
        AgentCommand.StartContainer second = sent(handle(m, f, ok(first)), AgentCommand.StartContainer.class).get(0);
        assertThat(second.container().containerId()).isEqualTo("102");
        Transition verifying = handle(m, f, ok(second));
        assertThat(f.group("g-a").orElseThrow().step()).isEqualTo(Step.VERIFYING);
        assertThat(published(verifying, FailoverEvent.GroupRelocated.class)).isEmpty();

        assertThat(published(m.handle(f, new Input.StatusReceived(running("node-2", "101"), now, now)),
                FailoverEvent.GroupRelocated.class)).isEmpty();
        Transition online = m.handle(f, new Input.StatusReceived(running("node-2", "101", "102"), now, now));

        FailoverEvent.GroupRelocated relocated = published(online, FailoverEvent.GroupRelocated.class).get(0);
        assertThat(relocated.toNodeId()).isEqualTo("node-2");
        assertThat(relocated.epoch()).isEqualTo(4);
        assertThat(published(online, FailoverEvent.FailoverCompleted.class).get(0).relocated()).isEqualTo(1);
        assertThat(f.phase()).isEqualTo(Phase.COMPLETED);
    }

    @Test
    void shouldWaitOutTheSelfFenceDeadlineToTheMillisecondOnItsOwnClock() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        // declared failed 2 s after its last heartbeat (monitor's clock); isolation 2 s + margin 1 s: 1 s still to go,
        // counted from when the executor takes the plan, whatever the executor's clock says about the monitor's
        FailoverPlanned plan = new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_FAILED, "node-1", null, null,
                "evt-1", new NodeFailure("inc-1", T0.minusSeconds(3600), T0.minusSeconds(3598), 2000, "silent"), null),
                "node-1", List.of(groupA("node-2")), List.of(), T0);
        var started = m.start(plan, now);
        Failover f = started.failover();
        assertThat(sent(started.transition(), AgentCommand.MountVolume.class)).isEmpty();

        assertThat(sent(tick(m, f, Duration.ofMillis(999)), AgentCommand.MountVolume.class)).isEmpty();
        Transition fenced = tick(m, f, Duration.ofMillis(1));

        assertThat(published(fenced, FailoverEvent.NodeFenced.class).get(0).method()).isEqualTo("self-fence-deadline");
        assertThat(sent(fenced, AgentCommand.MountVolume.class)).hasSize(1);
        assertThat(f.timings().fencedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void shouldLeaveGroupsOfflineWhenNoFencingMethodSucceeds() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION, FencingMethod.POWER);
        var started = m.start(nodeFailedPlan(groupA("node-2"), groupB("node-3")), now);
        Failover f = started.failover();
        AgentCommand.FenceVolume fence = sent(started.transition(), AgentCommand.FenceVolume.class).get(0);

        Transition failed = handle(m, f, refused(fence, "volume vol-a has epoch 9, command has 4"));

        assertThat(f.phase()).isEqualTo(Phase.FAILED);
        FailoverEvent.FailoverFailed outcome = published(failed, FailoverEvent.FailoverFailed.class).get(0);
        assertThat(outcome.reason()).contains("storage-preemption").contains("epoch 9").contains("no power fencing command");
        assertThat(outcome.fencingAttempts()).extracting(FailoverEvent.FencingAttempt::method)
                .containsExactly("storage-preemption", "power");
        assertThat(published(failed, FailoverEvent.GroupUnplaceable.class)).hasSize(2);
        assertThat(sent(failed, AgentCommand.MountVolume.class)).isEmpty();
        assertThat(sent(failed, AgentCommand.StartContainer.class)).isEmpty();
    }

    @Test
    void shouldFenceByPowerAndRecordTheFailedAttemptsBeforeIt() {
        FailoverMachine m = machine(true, 8, FencingMethod.STORAGE_PREEMPTION, FencingMethod.POWER);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.FenceVolume fence = sent(started.transition(), AgentCommand.FenceVolume.class).get(0);
        for (int attempt = 1; attempt < 3; attempt++) {
            assertThat(sent(tick(m, f, Duration.ofSeconds(2)), AgentCommand.FenceVolume.class))
                    .extracting(AgentCommand::commandId).containsExactly(fence.commandId());
        }
        Transition gaveUp = tick(m, f, Duration.ofSeconds(2));
        assertThat(gaveUp.effects()).contains(new Effect.RunPowerFence("fo-1", "node-1"));

        Transition fenced = m.handle(f, new Input.PowerFenceDone(true, "fence_ipmi exited 0", now, now));

        FailoverEvent.NodeFenced evidence = published(fenced, FailoverEvent.NodeFenced.class).get(0);
        assertThat(evidence.method()).isEqualTo("power");
        assertThat(evidence.attempts()).extracting(FailoverEvent.FencingAttempt::succeeded).containsExactly(false, true);
        assertThat(sent(fenced, AgentCommand.MountVolume.class).get(0).epoch()).isEqualTo(5);
    }

    @Test
    void shouldResendAnUnansweredCommandUnderTheSameId() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);

        assertThat(sent(tick(m, f, Duration.ofMillis(1999)), AgentCommand.MountVolume.class)).isEmpty();
        AgentCommand.MountVolume again = sent(tick(m, f, Duration.ofMillis(1)), AgentCommand.MountVolume.class).get(0);

        assertThat(again).isEqualTo(mount);
        assertThat(f.group("g-a").orElseThrow().pending().attempt()).isEqualTo(2);
    }

    @Test
    void shouldAskForAnotherTargetWhenTheTargetRefusesAndMountThereUnderAHigherEpoch() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);

        Transition refused = handle(m, f, refused(mount, "volume vol-a is not reachable from node-2"));

        FailoverEvent.GroupTargetFailed targetFailed = published(refused, FailoverEvent.GroupTargetFailed.class).get(0);
        assertThat(targetFailed.nodeId()).isEqualTo("node-2");
        assertThat(targetFailed.reason()).contains("not reachable from node-2");
        assertThat(published(refused, Object.class)).containsSubsequence(targetFailed,
                published(refused, GroupReplanRequested.class).get(0));
        GroupReplanRequested replan = published(refused, GroupReplanRequested.class).get(0);
        assertThat(replan.excludedNodes()).containsExactly("node-2");
        assertThat(replan.failoverId()).isEqualTo("fo-1");
        assertThat(sent(refused, AgentCommand.UnmountVolume.class)).extracting(AgentCommand::nodeId).containsExactly("node-2");
        assertThat(f.group("g-a").orElseThrow().step()).isEqualTo(Step.REPLANNING);

        FailoverPlanned answer = new FailoverPlanned("fo-2", new Trigger(TriggerKind.REPLAN, null, "g-a",
                replan.requestId(), "evt-2", null, "fo-1"), "node-1", List.of(groupA("node-3")), List.of(), now);
        Transition replanned = m.handle(f, new Input.ReplanReceived(answer, now));

        AgentCommand.MountVolume second = sent(replanned, AgentCommand.MountVolume.class).get(0);
        assertThat(second.nodeId()).isEqualTo("node-3");
        assertThat(second.epoch()).isGreaterThan(mount.epoch());
    }

    @Test
    void shouldReportAGroupUnplaceableAfterTheLastAllowedReplan() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);
        for (String target : List.of("node-3", "node-4")) {
            handle(m, f, refused(mount, "disk full"));
            FailoverPlanned answer = new FailoverPlanned("fo-x", new Trigger(TriggerKind.REPLAN, null, "g-a", "r",
                    "e", null, "fo-1"), "node-1", List.of(groupA(target)), List.of(), now);
            mount = sent(m.handle(f, new Input.ReplanReceived(answer, now)), AgentCommand.MountVolume.class).get(0);
        }

        Transition last = handle(m, f, refused(mount, "disk full"));

        assertThat(published(last, GroupReplanRequested.class)).isEmpty();
        assertThat(published(last, FailoverEvent.GroupTargetFailed.class)).extracting(FailoverEvent.GroupTargetFailed::nodeId)
                .containsExactly("node-4");
        assertThat(published(last, FailoverEvent.GroupUnplaceable.class).get(0).reason()).contains("gave up after 3");
        assertThat(published(last, FailoverEvent.FailoverCompleted.class).get(0).unplaceable()).isEqualTo(1);
    }

    @Test
    void shouldReplanAGroupWhoseContainersAreNotReportedRunningInTime() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(new FailoverPlanned("fo-1", new Trigger(TriggerKind.GROUP_START, null, "g-b", null,
                "evt-1", null, null), null, List.of(groupB("node-2")), List.of(), now), now);
        Failover f = started.failover();
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);
        AgentCommand.StartContainer start = sent(handle(m, f, ok(mount)), AgentCommand.StartContainer.class).get(0);
        handle(m, f, ok(start));

        assertThat(published(tick(m, f, Duration.ofMillis(4999)), GroupReplanRequested.class)).isEmpty();
        Transition late = tick(m, f, Duration.ofMillis(1));

        assertThat(published(late, GroupReplanRequested.class).get(0).reason()).contains("not reported running");
        assertThat(sent(late, AgentCommand.StopContainer.class)).extracting(AgentCommand.StopContainer::containerId)
                .containsExactly("201");
    }

    @Test
    void shouldStopADrainedGroupInReverseOrderAndReleaseItsVolumeBeforeMountingItElsewhere() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_DRAIN, "node-1", null, "req-1",
                "evt-1", null, null), "node-1", List.of(groupA("node-2")), List.of(), now), now);
        Failover f = started.failover();

        assertThat(published(started.transition(), FailoverEvent.NodeFenced.class)).isEmpty();
        AgentCommand.StopContainer stop102 = sent(started.transition(), AgentCommand.StopContainer.class).get(0);
        assertThat(stop102.containerId()).isEqualTo("102");
        assertThat(stop102.nodeId()).isEqualTo("node-1");
        AgentCommand.StopContainer stop101 = sent(handle(m, f, ok(stop102)), AgentCommand.StopContainer.class).get(0);
        assertThat(stop101.containerId()).isEqualTo("101");
        AgentCommand.UnmountVolume unmount = sent(handle(m, f, ok(stop101)), AgentCommand.UnmountVolume.class).get(0);
        assertThat(unmount.nodeId()).isEqualTo("node-1");
        Transition mounting = handle(m, f, ok(unmount));

        AgentCommand.MountVolume mount = sent(mounting, AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-2");
        assertThat(mount.epoch()).isEqualTo(4);
    }

    @Test
    void shouldTakeTheVolumeOverWhenADrainedSourceDoesNotStopItsContainers() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_DRAIN, "node-1", null, "req-1",
                "evt-1", null, null), "node-1", List.of(groupB("node-2")), List.of(), now), now);
        Failover f = started.failover();
        assertThat(sent(started.transition(), AgentCommand.StopContainer.class)).hasSize(1);

        tick(m, f, Duration.ofSeconds(3)); // timeout 2 s + grace 1 s
        tick(m, f, Duration.ofSeconds(3));
        Transition takeover = tick(m, f, Duration.ofSeconds(3));

        AgentCommand.MountVolume mount = sent(takeover, AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-2");
        assertThat(takeover.changes()).anySatisfy(c -> assertThat(c.why()).contains("taken over by a higher epoch"));
    }

    @Test
    void shouldCompleteANodeFailureWithNothingToMoveWithoutFencing() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        FailoverPlanned plan = new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_FAILED, "node-1", null, null,
                "evt-1", null, null), "node-1", List.of(), List.of(), now);

        var started = m.start(plan, now);

        assertThat(published(started.transition(), FailoverEvent.FailoverCompleted.class)).hasSize(1);
        assertThat(published(started.transition(), FailoverEvent.NodeFenced.class)).isEmpty();
    }

    @Test
    void shouldFenceAFailedNodeWhoseGroupsCannotBePlacedByTheNextMethodWhenNoTargetCanPreemptTheirVolumes() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION, FencingMethod.SELF_FENCE_DEADLINE);
        // last heartbeat 2 s before detection; isolation 2 s + margin 1 s: 1 s still to wait
        FailoverPlanned plan = new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_FAILED, "node-1", null, null,
                "evt-1", new NodeFailure("inc-1", T0.minusSeconds(2), T0, 2000, "silent 2000 ms"), null), "node-1",
                List.of(), List.of(new Unplaceable("g-c", "vol-c", "node-1", 1, "no node has 2048 MiB free", List.of())),
                now);

        var started = m.start(plan, now);
        Failover f = started.failover();

        assertThat(published(started.transition(), FailoverEvent.GroupUnplaceable.class).get(0).reason())
                .contains("2048 MiB");
        assertThat(sent(started.transition(), AgentCommand.FenceVolume.class)).isEmpty();
        assertThat(published(started.transition(), FailoverEvent.FailoverCompleted.class)).isEmpty();
        assertThat(f.phase()).isEqualTo(Phase.FENCING);
        assertThat(published(tick(m, f, Duration.ofMillis(999)), FailoverEvent.NodeFenced.class)).isEmpty();

        Transition fenced = tick(m, f, Duration.ofMillis(1));

        List<Object> events = fenced.effects().stream().filter(e -> e instanceof Effect.Publish)
                .map(e -> (Object) ((Effect.Publish) e).payload().getClass()).toList();
        assertThat(events).containsSubsequence(FailoverEvent.NodeFenced.class, FailoverEvent.FailoverCompleted.class);
        FailoverEvent.NodeFenced evidence = published(fenced, FailoverEvent.NodeFenced.class).get(0);
        assertThat(evidence.method()).isEqualTo("self-fence-deadline");
        assertThat(evidence.attempts()).extracting(FailoverEvent.FencingAttempt::method)
                .containsExactly("storage-preemption", "self-fence-deadline");
        assertThat(evidence.attempts().get(0).detail()).contains("no group has a target node");
        FailoverEvent.FailoverCompleted completed = published(fenced, FailoverEvent.FailoverCompleted.class).get(0);
        assertThat(completed.relocated()).isZero();
        assertThat(completed.unplaceable()).isEqualTo(1);
        assertThat(f.phase()).isEqualTo(Phase.COMPLETED);
    }

    @Test
    void shouldFailTheFailoverWhenNoMethodFencesAFailedNodeWhoseGroupsCannotBePlaced() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION, FencingMethod.SELF_FENCE_DEADLINE);
        FailoverPlanned plan = new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_FAILED, "node-1", null, null,
                "evt-1", null, null), "node-1", List.of(),
                List.of(new Unplaceable("g-c", "vol-c", "node-1", 1, "no node has 2048 MiB free", List.of())), now);

        var started = m.start(plan, now);

        assertThat(started.failover().phase()).isEqualTo(Phase.FAILED);
        assertThat(published(started.transition(), FailoverEvent.NodeFenced.class)).isEmpty();
        assertThat(published(started.transition(), FailoverEvent.FailoverFailed.class).get(0).reason())
                .contains("no group has a target node").contains("no deadline");
        assertThat(started.failover().group("g-c").orElseThrow().reason()).contains("2048 MiB");
    }

    @Test
    void shouldMoveAtMostTheConfiguredNumberOfGroupsAtOnceHighestPriorityFirst() {
        FailoverMachine m = machine(false, 1, FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(new FailoverPlanned("fo-1", new Trigger(TriggerKind.GROUP_START, null, null, null,
                "evt-1", null, null), null, List.of(groupA("node-2"), groupB("node-3")), List.of(), now), now);
        Failover f = started.failover();

        List<AgentCommand.MountVolume> mounts = sent(started.transition(), AgentCommand.MountVolume.class);
        assertThat(mounts).extracting(AgentCommand::groupId).containsExactly("g-a");
        AgentCommand.StartContainer s1 = sent(handle(m, f, ok(mounts.get(0))), AgentCommand.StartContainer.class).get(0);
        AgentCommand.StartContainer s2 = sent(handle(m, f, ok(s1)), AgentCommand.StartContainer.class).get(0);
        handle(m, f, ok(s2));
        Transition next = m.handle(f, new Input.StatusReceived(running("node-2", "101", "102"), now, now));

        assertThat(sent(next, AgentCommand.MountVolume.class)).extracting(AgentCommand::groupId).containsExactly("g-b");
    }

    @Test
    void shouldIgnoreALateAnswerToACommandNoLongerAwaited() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);
        handle(m, f, ok(mount));

        Transition repeat = handle(m, f, ok(mount));

        assertThat(repeat.effects()).isEmpty();
        assertThat(f.group("g-a").orElseThrow().step()).isEqualTo(Step.STARTING);
    }

    @Test
    void shouldRunPowerFencingAgainWhenResumedWhileItWasRunning() {
        FailoverMachine m = machine(true, 8, FencingMethod.POWER);
        Failover f = m.start(nodeFailedPlan(groupA("node-2")), now).failover();

        assertThat(m.resume(f).effects()).containsExactly(new Effect.RunPowerFence("fo-1", "node-1"));
    }

    @Test
    void shouldGiveEveryStepItsOwnBudgetOfRetriesAfterARetryableRefusal() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        var started = m.start(nodeFailedPlan(groupB("node-2")), now);
        Failover f = started.failover();
        AgentCommand.FenceVolume fence = sent(started.transition(), AgentCommand.FenceVolume.class).get(0);
        AgentCommand.MountVolume mount = sent(handle(m, f, ok(fence, Map.of("epochBefore", "0"))),
                AgentCommand.MountVolume.class).get(0);
        AgentCommand.StartContainer start = sent(handle(m, f, ok(mount)), AgentCommand.StartContainer.class).get(0);

        CommandResult busy = new CommandResult.CommandFailed(start.commandId(), start.nodeId(), "StartContainer",
                start.failoverId(), start.groupId(), T0, "node not active yet", true);
        AgentCommand.StartContainer again = sent(handle(m, f, busy), AgentCommand.StartContainer.class).get(0);

        assertThat(again.commandId()).isNotEqualTo(start.commandId());
        assertThat(f.group("g-b").orElseThrow().step()).isEqualTo(Step.STARTING);
    }

    @Test
    void shouldGiveAStopItsGracePeriodBeforeSendingItAgain() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_DRAIN, "node-1", null, "req-1",
                "evt-1", null, null), "node-1", List.of(groupB("node-2")), List.of(), now), now);
        Failover f = started.failover();
        AgentCommand.StopContainer stop = sent(started.transition(), AgentCommand.StopContainer.class).get(0);

        assertThat(sent(tick(m, f, Duration.ofMillis(2999)), AgentCommand.StopContainer.class)).isEmpty();
        assertThat(sent(tick(m, f, Duration.ofMillis(1)), AgentCommand.StopContainer.class)).containsExactly(stop);
    }

    @Test
    void shouldReportAGroupUnplaceableWhenPlacementNeverAnswersItsReplan() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);
        handle(m, f, refused(mount, "disk full"));

        assertThat(published(tick(m, f, Duration.ofMillis(9999)), FailoverEvent.GroupUnplaceable.class)).isEmpty();
        Transition late = tick(m, f, Duration.ofMillis(1));

        assertThat(published(late, FailoverEvent.GroupUnplaceable.class).get(0).reason())
                .contains("placement did not answer").contains("disk full");
        assertThat(published(late, FailoverEvent.FailoverCompleted.class)).hasSize(1);
    }

    @Test
    void shouldNotTakeAFailedEntryFromAStatusOlderThanTheStart() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupB("node-2")), now);
        Failover f = started.failover();
        Instant before = now;
        now = now.plusMillis(10);
        AgentCommand.MountVolume mount = sent(started.transition(), AgentCommand.MountVolume.class).get(0);
        AgentCommand.StartContainer start = sent(handle(m, f, ok(mount)), AgentCommand.StartContainer.class).get(0);
        handle(m, f, ok(start));
        NodeStatus earlierLife = new NodeStatus("node-2", "inc", 1, T0, NodeStatus.Mode.ACTIVE, new Resources(4000, 8192),
                Resources.NONE, List.of(), List.of(new ContainerStatus("201", "g-b", ContainerState.FAILED, "exit 1")),
                List.of(), null);

        Transition stale = m.handle(f, new Input.StatusReceived(earlierLife, before, now));
        Transition fresh = m.handle(f, new Input.StatusReceived(earlierLife, now, now));

        assertThat(stale.effects()).isEmpty();
        assertThat(published(fresh, GroupReplanRequested.class).get(0).reason()).contains("container 201 failed");
    }

    // ---- restart in place ----------------------------------------------------------------------------------

    @Test
    void shouldRestartOnlyTheFailedContainerAndThoseAfterItInPlaceUnderTheSameEpoch() {
        ledger.observe("vol-r", 7);
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION, FencingMethod.SELF_FENCE_DEADLINE);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RESTART, null, List.of(restartInPlace("102", 7)), List.of()),
                start);

        assertThat(f.phase()).isEqualTo(Phase.RECOVERING);
        AgentCommand.StopContainer stop103 = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer stop102 = sent(handle(m, f, ok(stop103)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StartContainer start102 = sent(handle(m, f, ok(stop102)), AgentCommand.StartContainer.class)
                .get(0);
        AgentCommand.StartContainer start103 = sent(handle(m, f, ok(start102)), AgentCommand.StartContainer.class)
                .get(0);
        handle(m, f, ok(start103));
        assertThat(f.group("g-r").orElseThrow().step()).isEqualTo(Step.VERIFYING);
        Transition online = m.handle(f, new Input.StatusReceived(running("node-1", "101", "102", "103"), now, now));

        assertThat(commands).extracting(FailoverMachineTest::describe).containsExactly("StopContainer node-1 103",
                "StopContainer node-1 102", "StartContainer node-1 102 epoch 7",
                "StartContainer node-1 103 epoch 7");
        FailoverEvent.GroupRelocated relocated = published(online, FailoverEvent.GroupRelocated.class).get(0);
        assertThat(relocated.fromNodeId()).isEqualTo("node-1");
        assertThat(relocated.toNodeId()).isEqualTo("node-1");
        assertThat(relocated.epoch()).isEqualTo(7);
        assertThat(published(online, FailoverEvent.FailoverCompleted.class).get(0).relocated()).isEqualTo(1);
        assertThat(ledger.highest.get("vol-r")).as("no new epoch issued").isEqualTo(7);
    }

    @Test
    void shouldNotTakeRunningContainersFromAStatusReceivedBeforeTheRestartStartedThem() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RESTART, null, List.of(restartInPlace("103", 7)), List.of()),
                start);
        Instant beforeTheStart = now;
        now = now.plusMillis(10);
        AgentCommand.StopContainer stop = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StartContainer again = sent(handle(m, f, ok(stop)), AgentCommand.StartContainer.class).get(0);
        handle(m, f, ok(again));

        Transition old = m.handle(f, new Input.StatusReceived(running("node-1", "101", "102", "103"), beforeTheStart,
                now));
        Transition fresh = m.handle(f, new Input.StatusReceived(running("node-1", "101", "102", "103"), now, now));

        assertThat(published(old, FailoverEvent.GroupRelocated.class)).isEmpty();
        assertThat(published(fresh, FailoverEvent.GroupRelocated.class)).hasSize(1);
    }

    @Test
    void shouldReportTheNodeAndMoveTheGroupElsewhereWhenItRefusesToRestartAContainerInPlace() {
        ledger.observe("vol-r", 7);
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RESTART, null, List.of(restartInPlace("103", 7)), List.of()),
                start);
        AgentCommand.StopContainer stop = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StartContainer restart = sent(handle(m, f, ok(stop)), AgentCommand.StartContainer.class).get(0);

        Transition refused = handle(m, f, refused(restart, "container 103 cannot start: image missing"));

        FailoverEvent.GroupTargetFailed targetFailed = published(refused, FailoverEvent.GroupTargetFailed.class).get(0);
        assertThat(targetFailed.nodeId()).isEqualTo("node-1");
        assertThat(targetFailed.reason()).contains("image missing");
        GroupReplanRequested replan = published(refused, GroupReplanRequested.class).get(0);
        assertThat(replan.excludedNodes()).containsExactly("node-1");
        assertThat(replan.fromNodeId()).isEqualTo("node-1");
        assertThat(sent(refused, AgentCommand.StopContainer.class)).as("the whole group leaves node-1")
                .extracting(AgentCommand.StopContainer::containerId).containsExactly("103", "102", "101");
        assertThat(sent(refused, AgentCommand.UnmountVolume.class)).extracting(AgentCommand.UnmountVolume::epoch)
                .containsExactly(7L);

        FailoverPlanned answer = new FailoverPlanned("fo-2", new Trigger(TriggerKind.REPLAN, null, "g-r",
                replan.requestId(), "evt-2", null, "fo-1"), "node-1",
                List.of(new Assignment("g-r", "vol-r", "node-1",
                        "node-2", 10, List.of(C101, C102, C103), List.of())),
                List.of(), now);
        Transition replanned = seen(m.handle(f, new Input.ReplanReceived(answer, now)));

        assertThat(sent(replanned, AgentCommand.MountVolume.class)).as("released on node-1 first").isEmpty();
        AgentCommand.StopContainer s103 = sent(replanned, AgentCommand.StopContainer.class).get(0);
        assertThat(s103.nodeId()).isEqualTo("node-1");
        AgentCommand.StopContainer s102 = sent(handle(m, f, ok(s103)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer s101 = sent(handle(m, f, ok(s102)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.UnmountVolume unmount = sent(handle(m, f, ok(s101)), AgentCommand.UnmountVolume.class).get(0);
        assertThat(unmount.nodeId()).isEqualTo("node-1");
        AgentCommand.MountVolume mount = sent(handle(m, f, ok(unmount)), AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-2");
        assertThat(mount.epoch()).isEqualTo(8);
        AgentCommand.StartContainer first = sent(handle(m, f, ok(mount)), AgentCommand.StartContainer.class).get(0);
        assertThat(first.container()).isEqualTo(C101);
        assertThat(first.nodeId()).isEqualTo("node-2");
    }

    @Test
    void shouldTakeTheVolumeOverByAHigherEpochWhenTheNodeOfAFailedRestartStaysSilentAfterTheReplan() {
        ledger.observe("vol-r", 7);
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RESTART, null, List.of(restartInPlace("101", 7)), List.of()),
                start);
        tick(m, f, Duration.ofSeconds(3)); // no answer to the stop of 103: timeout 2 s + grace 1 s, three sends
        tick(m, f, Duration.ofSeconds(3));
        Transition gaveUp = tick(m, f, Duration.ofSeconds(3));
        assertThat(published(gaveUp, FailoverEvent.GroupTargetFailed.class).get(0).reason())
                .contains("no answer from node-1");
        assertThat(published(gaveUp, GroupReplanRequested.class).get(0).excludedNodes()).containsExactly("node-1");

        FailoverPlanned answer = new FailoverPlanned("fo-2", new Trigger(TriggerKind.REPLAN, null, "g-r", "r", "e",
                null, "fo-1"), "node-1",
                List.of(new Assignment("g-r", "vol-r", "node-1", "node-3", 10,
                        List.of(C101, C102, C103), List.of())),
                List.of(), now);
        seen(m.handle(f, new Input.ReplanReceived(answer, now)));
        for (int i = 0; i < 2; i++) {
            tick(m, f, Duration.ofSeconds(3));
        }
        Transition takeover = tick(m, f, Duration.ofSeconds(3));

        AgentCommand.MountVolume mount = sent(takeover, AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-3");
        assertThat(mount.epoch()).isGreaterThan(7);
        assertThat(takeover.changes()).anySatisfy(c -> assertThat(c.why()).contains("taken over by a higher epoch"));
    }

    @Test
    void shouldRestartEveryContainerAndMountAgainUnderANewEpochWhenARestartInPlaceCarriesNoEpoch() {
        ledger.observe("vol-r", 7);
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RESTART, null, List.of(restartInPlace("103", 0)), List.of()),
                start);

        AgentCommand.StopContainer s103 = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer s102 = sent(handle(m, f, ok(s103)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer s101 = sent(handle(m, f, ok(s102)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.UnmountVolume unmount = sent(handle(m, f, ok(s101)), AgentCommand.UnmountVolume.class).get(0);
        AgentCommand.MountVolume mount = sent(handle(m, f, ok(unmount)), AgentCommand.MountVolume.class).get(0);
        AgentCommand.StartContainer first = sent(handle(m, f, ok(mount)), AgentCommand.StartContainer.class).get(0);

        assertThat(List.of(s103, s102, s101)).extracting(AgentCommand.StopContainer::containerId)
                .containsExactly("103", "102", "101");
        assertThat(mount.nodeId()).isEqualTo("node-1");
        assertThat(mount.epoch()).isEqualTo(8);
        assertThat(first.container()).isEqualTo(C101);
        assertThat(first.epoch()).isEqualTo(8);
    }

    @Test
    void shouldRestartEveryContainerInPlaceUnderTheSameEpochWhenARestartNamesNoFirstContainer() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RESTART, null, List.of(restartInPlace(null, 7)), List.of()),
                start);
        AgentCommand.StopContainer s103 = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer s102 = sent(handle(m, f, ok(s103)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer s101 = sent(handle(m, f, ok(s102)), AgentCommand.StopContainer.class).get(0);
        handle(m, f, ok(s101));

        assertThat(commands).extracting(FailoverMachineTest::describe).containsExactly("StopContainer node-1 103",
                "StopContainer node-1 102", "StopContainer node-1 101", "StartContainer node-1 101 epoch 7");
    }

    // ---- relocation and recovery ---------------------------------------------------------------------------

    @Test
    void shouldRelocateAGroupByStoppingItOnItsSourceLastFirstBeforeMountingItOnItsTarget() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RELOCATE, null, List.of(groupA("node-2")), List.of()),
                start);

        AgentCommand.StopContainer s102 = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer s101 = sent(handle(m, f, ok(s102)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.UnmountVolume unmount = sent(handle(m, f, ok(s101)), AgentCommand.UnmountVolume.class).get(0);
        AgentCommand.MountVolume mount = sent(handle(m, f, ok(unmount)), AgentCommand.MountVolume.class).get(0);

        assertThat(List.of(s102, s101, unmount)).extracting(AgentCommand::nodeId).containsOnly("node-1");
        assertThat(List.of(s102, s101)).extracting(AgentCommand.StopContainer::containerId).containsExactly("102",
                "101");
        assertThat(mount.nodeId()).isEqualTo("node-2");
        assertThat(mount.epoch()).isEqualTo(4);
        assertThat(commands).noneMatch(c -> c instanceof AgentCommand.FenceVolume);
    }

    @Test
    void shouldTakeTheVolumeOverByAHigherEpochWhenTheSourceOfARelocationDoesNotAnswer() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RELOCATE, null, List.of(groupB("node-2")), List.of()),
                start);
        assertThat(sent(start.get(0), AgentCommand.StopContainer.class)).extracting(AgentCommand::nodeId)
                .containsExactly("node-1");

        tick(m, f, Duration.ofSeconds(3));
        tick(m, f, Duration.ofSeconds(3));
        Transition takeover = tick(m, f, Duration.ofSeconds(3));

        AgentCommand.MountVolume mount = sent(takeover, AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-2");
        assertThat(takeover.changes()).anySatisfy(c -> assertThat(c.why()).contains("taken over by a higher epoch"));
        assertThat(commands).noneMatch(c -> c instanceof AgentCommand.UnmountVolume);
    }

    @Test
    void shouldFenceTheFailedSourceOfARecoveryBeforeMountingItsGroup() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RECOVER, new NodeFailure("inc-1", T0.minusSeconds(3), T0,
                2000, "silent"), List.of(groupA("node-2")), List.of()), start);

        assertThat(f.phase()).isEqualTo(Phase.FENCING);
        assertThat(sent(start.get(0), AgentCommand.MountVolume.class)).isEmpty();
        AgentCommand.FenceVolume fence = sent(start.get(0), AgentCommand.FenceVolume.class).get(0);
        assertThat(fence.previousOwner()).isEqualTo("node-1");
        Transition fenced = handle(m, f, ok(fence, Map.of("epochBefore", "3")));

        assertThat(published(fenced, FailoverEvent.NodeFenced.class)).hasSize(1);
        AgentCommand.MountVolume mount = sent(fenced, AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-2");
        assertThat(mount.epoch()).isEqualTo(fence.epoch());
        assertThat(commands).noneMatch(c -> c instanceof AgentCommand.StopContainer);
    }

    @Test
    void shouldPlaceARecoveredGroupWithoutFencingWhenThePlanCarriesNoFailure() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.RECOVER, null, List.of(groupA("node-2")), List.of()), start);

        assertThat(f.phase()).isEqualTo(Phase.RECOVERING);
        assertThat(published(start.get(0), FailoverEvent.NodeFenced.class)).isEmpty();
        assertThat(commands).extracting(c -> c.getClass().getSimpleName() + " " + c.nodeId())
                .containsExactly("MountVolume node-2");
        assertThat(start.get(0).changes()).anySatisfy(c -> assertThat(c.why()).contains("no fencing needed")
                .contains("the reconciler found a difference"));
    }

    // ---- stop ----------------------------------------------------------------------------------------------

    @Test
    void shouldStopAGroupLastContainerFirstThenReleaseItsVolumeUnderItsEpochAndReportItStopped() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.GROUP_STOP, null, List.of(), List.of(releaseOfA(5))), start);

        AgentCommand.StopContainer s102 = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.StopContainer s101 = sent(handle(m, f, ok(s102)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.UnmountVolume unmount = sent(handle(m, f, ok(s101)), AgentCommand.UnmountVolume.class).get(0);
        Transition done = handle(m, f, ok(unmount));

        assertThat(commands).extracting(c -> c.getClass().getSimpleName() + " " + c.nodeId())
                .containsExactly("StopContainer node-1", "StopContainer node-1", "UnmountVolume node-1");
        assertThat(List.of(s102, s101)).extracting(AgentCommand.StopContainer::containerId).containsExactly("102",
                "101");
        assertThat(unmount.epoch()).isEqualTo(5);
        FailoverEvent.GroupStopped stopped = published(done, FailoverEvent.GroupStopped.class).get(0);
        assertThat(stopped.groupId()).isEqualTo("g-a");
        assertThat(stopped.nodeId()).isEqualTo("node-1");
        assertThat(f.group("g-a").orElseThrow().step()).isEqualTo(Step.STOPPED);
        FailoverEvent.FailoverCompleted completed = published(done, FailoverEvent.FailoverCompleted.class).get(0);
        assertThat(completed.relocated()).isZero();
        assertThat(completed.unplaceable()).isZero();
    }

    @Test
    void shouldReportAStopFailedAndMountNothingAnywhereWhenTheNodeStaysSilent() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.GROUP_STOP, null, List.of(), List.of(releaseOfA(5))), start);

        tick(m, f, Duration.ofSeconds(3));
        tick(m, f, Duration.ofSeconds(3));
        Transition gaveUp = tick(m, f, Duration.ofSeconds(3));

        assertThat(f.group("g-a").orElseThrow().step()).isEqualTo(Step.STOP_FAILED);
        FailoverEvent.GroupStepChanged failed = published(gaveUp, FailoverEvent.GroupStepChanged.class).get(0);
        assertThat(failed.step()).isEqualTo("STOP_FAILED");
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.detail()).contains("no answer from node-1").contains("3 attempts");
        assertThat(published(gaveUp, FailoverEvent.GroupStopped.class)).isEmpty();
        FailoverEvent.FailoverCompleted completed = published(gaveUp, FailoverEvent.FailoverCompleted.class).get(0);
        assertThat(completed.relocated()).isZero();
        assertThat(completed.unplaceable()).isZero();
        assertThat(commands).as("three sends of the same stop, nothing else").hasSize(3)
                .allMatch(c -> c instanceof AgentCommand.StopContainer s && s.containerId().equals("102"));
    }

    @Test
    void shouldReportAStopFailedWithoutTakingTheVolumeOverWhenTheNodeRefusesToReleaseIt() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        List<Transition> start = new ArrayList<>();
        Failover f = start(m, reconcilerPlan(TriggerKind.GROUP_STOP, null, List.of(),
                List.of(new Release("g-b", "vol-b", "node-1", 2, List.of(C201)))), start);
        AgentCommand.StopContainer stop = sent(start.get(0), AgentCommand.StopContainer.class).get(0);
        AgentCommand.UnmountVolume unmount = sent(handle(m, f, ok(stop)), AgentCommand.UnmountVolume.class).get(0);

        Transition refused = handle(m, f, refused(unmount, "volume vol-b is held at epoch 3, not 2"));

        assertThat(f.group("g-b").orElseThrow().step()).isEqualTo(Step.STOP_FAILED);
        assertThat(f.group("g-b").orElseThrow().reason()).contains("epoch 3");
        assertThat(sent(refused, AgentCommand.class)).isEmpty();
        assertThat(f.phase()).isEqualTo(Phase.COMPLETED);
    }

    // ---- a target drained while a group is on its way there ------------------------------------------------

    Transition draining(FailoverMachine m, Failover f, String node) {
        return seen(m.handle(f, new Input.NodeDraining(node, now)));
    }

    FailoverPlanned drainOfNode1(Assignment... assignments) {
        return new FailoverPlanned("fo-1", new Trigger(TriggerKind.NODE_DRAIN, "node-1", null, "req-1", "evt-1", null,
                null), "node-1", List.of(assignments), List.of(), now);
    }

    @Test
    void shouldReplanAGroupWaitingForItsTurnAtOnceWhenItsTargetIsDrained() {
        FailoverMachine m = machine(false, 1, FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(nodeFailedPlan(groupA("node-2"), groupB("node-3")), now);
        Failover f = started.failover();
        assertThat(sent(started.transition(), AgentCommand.MountVolume.class)).extracting(AgentCommand::nodeId)
                .containsExactly("node-2");
        assertThat(f.group("g-b").orElseThrow().step()).isEqualTo(Step.PENDING);

        Transition drained = draining(m, f, "node-3");

        GroupReplanRequested replan = published(drained, GroupReplanRequested.class).get(0);
        assertThat(replan.groupId()).isEqualTo("g-b");
        assertThat(replan.excludedNodes()).containsExactly("node-3");
        assertThat(replan.reason()).isEqualTo("its target node-3 is being drained");
        assertThat(f.group("g-b").orElseThrow().step()).isEqualTo(Step.REPLANNING);
        assertThat(sent(drained, AgentCommand.class)).as("nothing was on node-3: nothing to clean up").isEmpty();
        assertThat(draining(m, f, "node-2").isEmpty()).as("g-a is being mounted on node-2: the drain moves it later")
                .isTrue();
    }

    @Test
    void shouldReplanADrainedGroupOnceReleasedOnItsSourceInsteadOfMountingItOnATargetBeingDrained() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(drainOfNode1(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.StopContainer stop102 = sent(started.transition(), AgentCommand.StopContainer.class).get(0);

        Transition drained = draining(m, f, "node-2");
        assertThat(published(drained, GroupReplanRequested.class)).as("it is being stopped on node-1 first").isEmpty();
        assertThat(draining(m, f, "node-2").isEmpty()).as("told twice, it changes nothing more").isTrue();

        AgentCommand.StopContainer stop101 = sent(handle(m, f, ok(stop102)), AgentCommand.StopContainer.class).get(0);
        AgentCommand.UnmountVolume unmount = sent(handle(m, f, ok(stop101)), AgentCommand.UnmountVolume.class).get(0);
        Transition released = handle(m, f, ok(unmount));

        assertThat(sent(released, AgentCommand.MountVolume.class)).as("never mounted on node-2").isEmpty();
        GroupReplanRequested replan = published(released, GroupReplanRequested.class).get(0);
        assertThat(replan.excludedNodes()).containsExactly("node-2");
        FailoverPlanned answer = new FailoverPlanned("fo-2", new Trigger(TriggerKind.REPLAN, null, "g-a",
                replan.requestId(), "evt-2", null, "fo-1"), "node-1", List.of(groupA("node-3")), List.of(), now);
        AgentCommand.MountVolume mount = sent(seen(m.handle(f, new Input.ReplanReceived(answer, now))),
                AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-3");
        assertThat(mount.epoch()).isEqualTo(4);
    }

    @Test
    void shouldReplanAGroupWhoseTargetIsDrainedWhileItsFailedSourceIsFencedThroughThatTarget() {
        FailoverMachine m = machine(FencingMethod.STORAGE_PREEMPTION);
        var started = m.start(nodeFailedPlan(groupA("node-2")), now);
        Failover f = started.failover();
        AgentCommand.FenceVolume fence = sent(started.transition(), AgentCommand.FenceVolume.class).get(0);

        assertThat(published(draining(m, f, "node-2"), GroupReplanRequested.class)).isEmpty();
        Transition fenced = handle(m, f, ok(fence, Map.of("epochBefore", "3", "epochAfter", "4")));

        assertThat(published(fenced, FailoverEvent.NodeFenced.class)).as("node-1 is fenced all the same").hasSize(1);
        assertThat(sent(fenced, AgentCommand.MountVolume.class)).isEmpty();
        assertThat(published(fenced, GroupReplanRequested.class)).singleElement()
                .satisfies(r -> assertThat(r.excludedNodes()).containsExactly("node-2"));
    }

    @Test
    void shouldReplanAMoveToANodeAlreadyBeingDrainedBeforeStoppingAnythingOnItsSource() {
        FailoverMachine m = machine(FencingMethod.SELF_FENCE_DEADLINE);
        var started = m.start(new FailoverPlanned("fo-1", new Trigger(TriggerKind.GROUP_MOVE, null, "g-a", "req-1",
                "evt-1", null, null), "node-1", List.of(groupA("node-2")), List.of(), now), now, Set.of("node-2"));

        assertThat(sent(started.transition(), AgentCommand.class)).as("g-a keeps running on node-1 meanwhile")
                .isEmpty();
        assertThat(published(started.transition(), GroupReplanRequested.class)).singleElement()
                .satisfies(r -> assertThat(r.excludedNodes()).containsExactly("node-2"));
        assertThat(started.failover().group("g-a").orElseThrow().step()).isEqualTo(Step.REPLANNING);
    }
}

package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.Resources;

class CommandPlannerTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final ContainerSpec C101 = new ContainerSpec("101", 500, 512, List.of());

    static NodeView node(AgentMode mode, Map<String, LocalMount> mounts, Map<String, LocalContainer> containers) {
        return new NodeView("node-2", mode, List.of("vol-1", "vol-2"), mounts, containers);
    }

    static NodeView active() {
        return node(AgentMode.ACTIVE, Map.of(), Map.of());
    }

    static NodeView mountedAt(long epoch) {
        return node(AgentMode.ACTIVE, Map.of("vol-1", new LocalMount("vol-1", "g1", epoch)), Map.of());
    }

    static LeaseRecord lease(String owner, long epoch, LeaseState state) {
        return new LeaseRecord("vol-1", owner, epoch, state, T0);
    }

    static AgentCommand.StartContainer start(long epoch) {
        return new AgentCommand.StartContainer("c-3", "node-2", "fo-1", "g1", "vol-1", epoch, C101);
    }

    static Outcome answer(CommandPlanner.Step step) {
        assertThat(step).isInstanceOf(CommandPlanner.Answer.class);
        return ((CommandPlanner.Answer) step).outcome();
    }

    @Test
    void shouldRefuseEveryCommandUntilHeartbeatsAreAcknowledgedAndLetTheSenderRetry() {
        var command = new AgentCommand.MountVolume("c-1", "node-2", "fo-1", "g1", "vol-1", 4);

        for (AgentMode mode : List.of(AgentMode.STARTING, AgentMode.SELF_FENCED)) {
            Outcome outcome = answer(CommandPlanner.plan(command, node(mode, Map.of(), Map.of()), null));
            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.retryable()).isTrue();
            assertThat(outcome.reason()).contains(mode.name());
        }
    }

    @Test
    void shouldStartNothingWhileFrozenButStillStopAndRelease() {
        NodeView frozen = node(AgentMode.FROZEN, Map.of("vol-1", new LocalMount("vol-1", "g1", 4)),
                Map.of("101", new LocalContainer("101", "g1", "vol-1", 4, ContainerState.RUNNING, "pid 1",
                        Resources.NONE)));
        LeaseRecord lease = lease("node-2", 4, LeaseState.MOUNTED);

        for (AgentCommand command : List.<AgentCommand>of(
                new AgentCommand.FenceVolume("c-1", "node-2", "fo-1", "g2", "vol-2", 9, "node-1"),
                new AgentCommand.MountVolume("c-2", "node-2", "fo-1", "g2", "vol-2", 9),
                new AgentCommand.StartContainer("c-3", "node-2", "fo-1", "g1", "vol-1", 4,
                        new ContainerSpec("102", 500, 512, List.of())))) {
            Outcome outcome = answer(CommandPlanner.plan(command, frozen, lease));
            assertThat(outcome.retryable()).isTrue();
            assertThat(outcome.reason()).contains("FROZEN").contains("starts nothing new");
        }
        assertThat(CommandPlanner.plan(new AgentCommand.StopContainer("c-4", "node-2", "fo-1", "g1", "101", 0), frozen,
                null)).isEqualTo(new CommandPlanner.Stop("101", 0));
        NodeView stopped = node(AgentMode.FROZEN, frozen.mounts(), Map.of());
        assertThat(CommandPlanner.plan(new AgentCommand.UnmountVolume("c-5", "node-2", "fo-1", "g1", "vol-1", 4),
                stopped, lease)).isEqualTo(new CommandPlanner.ChangeLease(CommandPlanner.LeaseAction.RELEASE, "vol-1",
                        "g1", 4));
    }

    @Test
    void shouldAskTheStorageToFenceAndMount() {
        assertThat(CommandPlanner.plan(new AgentCommand.FenceVolume("c-1", "node-2", "fo-1", "g1", "vol-1", 4, "node-1"),
                active(), lease("node-1", 3, LeaseState.MOUNTED)))
                .isEqualTo(new CommandPlanner.ChangeLease(CommandPlanner.LeaseAction.FENCE, "vol-1", "g1", 4));
        assertThat(CommandPlanner.plan(new AgentCommand.MountVolume("c-2", "node-2", "fo-1", "g1", "vol-1", 4),
                active(), null))
                .isEqualTo(new CommandPlanner.ChangeLease(CommandPlanner.LeaseAction.MOUNT, "vol-1", "g1", 4));
    }

    @Test
    void shouldRefuseAVolumeTheNodeCannotReach() {
        Outcome outcome = answer(CommandPlanner.plan(
                new AgentCommand.MountVolume("c-2", "node-2", "fo-1", "g9", "vol-9", 1), active(), null));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.reason()).contains("cannot reach volume vol-9");
    }

    @Test
    void shouldStartAContainerOnlyOnTheVolumeMountedHereAtExactlyTheCommandsEpoch() {
        assertThat(CommandPlanner.plan(start(4), mountedAt(4), lease("node-2", 4, LeaseState.MOUNTED)))
                .isEqualTo(new CommandPlanner.Start(C101, "g1", "vol-1", 4));

        Outcome notMounted = answer(CommandPlanner.plan(start(4), active(), null));
        Outcome olderMount = answer(CommandPlanner.plan(start(4), mountedAt(3), lease("node-2", 3, LeaseState.MOUNTED)));
        Outcome takenOver = answer(CommandPlanner.plan(start(4), mountedAt(4), lease("node-3", 5, LeaseState.MOUNTED)));
        Outcome onlyReserved = answer(CommandPlanner.plan(start(4), active(), lease("node-2", 4, LeaseState.RESERVED)));

        assertThat(List.of(notMounted, olderMount, takenOver, onlyReserved)).allSatisfy(o -> {
            assertThat(o.succeeded()).isFalse();
            assertThat(o.retryable()).isFalse();
            assertThat(o.reason()).contains("needs volume vol-1 mounted here at epoch 4");
        });
        assertThat(takenOver.reason()).contains("node-3").contains("epoch 5");
    }

    @Test
    void shouldAnswerAStartOfAContainerAlreadyRunningHereWithSuccess() {
        var running = new LocalContainer("101", "g1", "vol-1", 4, ContainerState.RUNNING, "pid 7", Resources.NONE);
        NodeView node = node(AgentMode.ACTIVE, Map.of("vol-1", new LocalMount("vol-1", "g1", 4)), Map.of("101", running));

        Outcome outcome = answer(CommandPlanner.plan(start(4), node, lease("node-2", 4, LeaseState.MOUNTED)));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.evidence()).containsEntry("alreadyRunning", "true");
    }

    @Test
    void shouldAnswerAStopOfAContainerNotRunningWithSuccess() {
        var stopped = new LocalContainer("101", "g1", "vol-1", 4, ContainerState.STOPPED, null, Resources.NONE);

        Outcome unknown = answer(CommandPlanner.plan(
                new AgentCommand.StopContainer("c-4", "node-2", "fo-1", "g1", "101", 5000), active(), null));
        Outcome alreadyStopped = answer(CommandPlanner.plan(
                new AgentCommand.StopContainer("c-4", "node-2", "fo-1", "g1", "101", 5000),
                node(AgentMode.ACTIVE, Map.of(), Map.of("101", stopped)), null));

        assertThat(List.of(unknown, alreadyStopped)).allSatisfy(o -> {
            assertThat(o.succeeded()).isTrue();
            assertThat(o.evidence()).containsEntry("wasRunning", "false");
        });
    }

    @Test
    void shouldStartAgainAContainerThatFailedOrWasStopped() {
        for (ContainerState ended : List.of(ContainerState.FAILED, ContainerState.STOPPED)) {
            NodeView node = node(AgentMode.ACTIVE, Map.of("vol-1", new LocalMount("vol-1", "g1", 3)),
                    Map.of("101", new LocalContainer("101", "g1", "vol-1", 3, ended, "exited with code 1",
                            C101.demand())));

            assertThat(CommandPlanner.plan(start(3), node, lease("node-2", 3, LeaseState.MOUNTED))).as("%s", ended)
                    .isEqualTo(new CommandPlanner.Start(C101, "g1", "vol-1", 3));
        }
    }

    @Test
    void shouldAnswerAStopOfAFailedContainerWithSuccess() {
        NodeView node = node(AgentMode.ACTIVE, Map.of(), Map.of("101", new LocalContainer("101", "g1", "vol-1", 3,
                ContainerState.FAILED, "health check failed 3 times in a row: exit code 1", C101.demand())));

        Outcome outcome = answer(CommandPlanner.plan(new AgentCommand.StopContainer("c-9", "node-2", "fo-1", "g1",
                "101", 1000), node, null));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.evidence()).containsEntry("wasRunning", "false").containsEntry("state", "FAILED");
    }

    @Test
    void shouldStopARunningContainerWithItsGracePeriod() {
        var running = new LocalContainer("101", "g1", "vol-1", 4, ContainerState.RUNNING, "pid 7", Resources.NONE);

        assertThat(CommandPlanner.plan(new AgentCommand.StopContainer("c-4", "node-2", "fo-1", "g1", "101", 5000),
                node(AgentMode.ACTIVE, Map.of(), Map.of("101", running)), null))
                .isEqualTo(new CommandPlanner.Stop("101", 5000));
    }

    @Test
    void shouldRefuseToUnmountAVolumeContainersStillRunOn() {
        var running = new LocalContainer("101", "g1", "vol-1", 4, ContainerState.RUNNING, "pid 7", Resources.NONE);
        NodeView node = node(AgentMode.ACTIVE, Map.of("vol-1", new LocalMount("vol-1", "g1", 4)), Map.of("101", running));

        Outcome outcome = answer(CommandPlanner.plan(
                new AgentCommand.UnmountVolume("c-5", "node-2", "fo-1", "g1", "vol-1", 4), node, null));

        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.reason()).contains("busy").contains("[101]");
        assertThat(CommandPlanner.plan(new AgentCommand.UnmountVolume("c-5", "node-2", "fo-1", "g1", "vol-1", 4),
                mountedAt(4), null))
                .isEqualTo(new CommandPlanner.ChangeLease(CommandPlanner.LeaseAction.RELEASE, "vol-1", "g1", 4));
    }

    @Test
    void shouldTurnALeaseDecisionIntoTheCommandsOutcome() {
        var change = new CommandPlanner.ChangeLease(CommandPlanner.LeaseAction.MOUNT, "vol-1", "g1", 4);

        Outcome refused = CommandPlanner.leaseOutcome(change, VolumeLeases.mount("vol-1",
                lease("node-3", 5, LeaseState.MOUNTED), "node-2", 4, T0));
        Outcome done = CommandPlanner.leaseOutcome(change, VolumeLeases.mount("vol-1",
                lease("node-1", 3, LeaseState.RESERVED), "node-2", 4, T0));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.reason()).contains("has epoch 5, command has 4");
        assertThat(done.evidence()).containsEntry("epochBefore", "3").containsEntry("epochAfter", "4")
                .containsEntry("ownerBefore", "node-1");
    }
}

package io.hacluster.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hacluster.agent.FakeClock;
import io.hacluster.agent.domain.AgentMode;
import io.hacluster.agent.domain.LeaseRecord;
import io.hacluster.agent.domain.LeaseState;
import io.hacluster.agent.driver.simulated.SimulatedRuntime;
import io.hacluster.agent.driver.simulated.SimulatedStorage;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.HealthCheck;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;

/** One node's agent with the simulated drivers and a fake clock: commands, isolation response, rejoin. */
class NodeAgentBehaviourTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final NodeAgent.Settings SETTINGS = new NodeAgent.Settings(new Resources(4000, 8192), List.of(),
            Duration.ofMillis(500), Duration.ofMillis(2000), Duration.ofMillis(500), Duration.ofSeconds(5), 100);

    final FakeClock clock = new FakeClock(T0);
    final SimulatedStorage storage = new SimulatedStorage(Duration.ZERO);
    final Map<String, SimulatedRuntime> runtimes = new HashMap<>();
    final Map<String, RecordingOutbox> outboxes = new HashMap<>();
    int commands;

    NodeAgent startNode(String nodeId) {
        RecordingOutbox outbox = new RecordingOutbox();
        outboxes.put(nodeId, outbox);
        NodeAgent node = new NodeAgent(nodeId, SETTINGS, storage, listener -> {
            SimulatedRuntime runtime = new SimulatedRuntime(Duration.ZERO, Duration.ZERO, listener);
            runtimes.put(nodeId, runtime);
            return runtime;
        }, outbox, clock, clock, Runnable::run);
        node.sendHeartbeat();
        assertThat(node.mode()).isEqualTo(AgentMode.ACTIVE);
        return node;
    }

    static ContainerSpec container(String id) {
        return new ContainerSpec(id, 500, 512, List.of());
    }

    String nextId() {
        return "cmd-" + (++commands);
    }

    CommandResult mount(NodeAgent node, String volumeId, long epoch) {
        return node.execute(new AgentCommand.MountVolume(nextId(), node.nodeId(), "fo-1", "g-" + volumeId, volumeId,
                epoch));
    }

    CommandResult start(NodeAgent node, String containerId, String volumeId, long epoch) {
        return node.execute(new AgentCommand.StartContainer(nextId(), node.nodeId(), "fo-1", "g-" + volumeId,
                volumeId, epoch, container(containerId)));
    }

    static void assertSucceeded(CommandResult result) {
        assertThat(result).isInstanceOf(CommandResult.CommandSucceeded.class);
    }

    @Test
    void shouldCarryOutACommandOnceAndAnswerItsRepeatWithTheFirstOutcome() {
        NodeAgent node = startNode("node-1");
        var command = new AgentCommand.MountVolume("cmd-mount", "node-1", "fo-1", "g1", "vol-1", 1);

        CommandResult first = node.execute(command);
        clock.advance(Duration.ofSeconds(3));
        CommandResult repeat = node.execute(command);

        assertSucceeded(first);
        assertThat(repeat).isEqualTo(first);
        assertThat(storage.history("vol-1")).hasSize(1);
    }

    @Test
    void shouldNotRememberARefusalThatMaySucceedLater() {
        RecordingOutbox outbox = new RecordingOutbox();
        outbox.reachable = false;
        NodeAgent node = new NodeAgent("node-1", SETTINGS, storage,
                listener -> new SimulatedRuntime(Duration.ZERO, Duration.ZERO, listener), outbox, clock, clock,
                Runnable::run);
        node.sendHeartbeat();
        var command = new AgentCommand.MountVolume("cmd-mount", "node-1", "fo-1", "g1", "vol-1", 1);

        CommandResult whileStarting = node.execute(command);
        outbox.reachable = true;
        node.sendHeartbeat();
        CommandResult once = node.execute(command);

        assertThat(whileStarting).isInstanceOfSatisfying(CommandResult.CommandFailed.class,
                f -> assertThat(f.retryable()).isTrue());
        assertSucceeded(once);
    }

    @Test
    void shouldFenceMountStartStopAndUnmountReportingEachChange() {
        NodeAgent node = startNode("node-2");
        storage.mount("vol-1", "node-1", 3, T0);

        CommandResult fenced = node.execute(new AgentCommand.FenceVolume(nextId(), "node-2", "fo-1", "g1", "vol-1", 4,
                "node-1"));
        assertSucceeded(mount(node, "vol-1", 4));
        assertSucceeded(start(node, "101", "vol-1", 4));
        NodeStatus running = outboxes.get("node-2").lastStatus();
        CommandResult stopped = node.execute(new AgentCommand.StopContainer(nextId(), "node-2", "fo-1", "g-vol-1",
                "101", 1000));
        CommandResult unmounted = node.execute(new AgentCommand.UnmountVolume(nextId(), "node-2", "fo-1", "g-vol-1",
                "vol-1", 4));

        assertThat(((CommandResult.CommandSucceeded) fenced).evidence()).containsEntry("epochBefore", "3")
                .containsEntry("epochAfter", "4").containsEntry("ownerBefore", "node-1");
        assertThat(running.containers()).singleElement().satisfies(c -> {
            assertThat(c.containerId()).isEqualTo("101");
            assertThat(c.groupId()).isEqualTo("g-vol-1");
            assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
        });
        assertThat(running.volumes()).containsExactly(new VolumeStatus("vol-1", "g-vol-1", 4));
        assertThat(running.usage()).isEqualTo(new Resources(500, 512));
        assertThat(((CommandResult.CommandSucceeded) stopped).evidence()).containsEntry("wasRunning", "true");
        assertThat(((CommandResult.CommandSucceeded) unmounted).evidence()).containsEntry("released", "true");
        NodeStatus after = outboxes.get("node-2").lastStatus();
        assertThat(after.volumes()).isEmpty();
        assertThat(after.containers()).extracting(ContainerStatus::state).containsExactly(ContainerState.STOPPED);
        assertThat(storage.read("vol-1")).hasValue(new LeaseRecord("vol-1", "node-2", 4, LeaseState.RELEASED, T0));
        assertThat(storage.history("vol-1")).extracting(SimulatedStorage.HistoryEntry::action)
                .containsExactly("mount", "fence", "mount", "release");
    }

    @Test
    void shouldRefuseAMountWithAStaleEpochAndAStartWithoutTheMount() {
        NodeAgent node1 = startNode("node-1");
        NodeAgent node2 = startNode("node-2");
        assertSucceeded(mount(node2, "vol-1", 5));

        CommandResult stale = mount(node1, "vol-1", 4);
        CommandResult startWithout = start(node1, "101", "vol-1", 4);

        assertThat(stale).isInstanceOfSatisfying(CommandResult.CommandFailed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("epoch 5").contains("command has 4");
        });
        assertThat(startWithout).isInstanceOf(CommandResult.CommandFailed.class);
        assertThat(runtimes.get("node-1").isRunning("101")).isFalse();
    }

    @Test
    void shouldReportAContainerThatEndsByItselfAsFailedWithItsExitCodeAtOnce() {
        NodeAgent node = startNode("node-1");
        mount(node, "vol-1", 1);
        start(node, "101", "vol-1", 1);
        int published = outboxes.get("node-1").statuses.size();

        runtimes.get("node-1").crash("101", "exited with code 7");

        // no tick: the exit itself publishes the status
        assertThat(outboxes.get("node-1").statuses).hasSize(published + 1);
        NodeStatus status = outboxes.get("node-1").lastStatus();
        assertThat(status.containers()).containsExactly(
                new ContainerStatus("101", "g-vol-1", ContainerState.FAILED, "exited with code 7"));
        assertThat(status.usage()).isEqualTo(Resources.NONE);
    }

    static final HealthCheck CHECK = new HealthCheck(List.of("/bin/sh", "-c", "curl -f localhost/health"), 1000, 500,
            3);

    CommandResult startChecked(NodeAgent node, String containerId, String volumeId, long epoch) {
        return node.execute(new AgentCommand.StartContainer(nextId(), node.nodeId(), "fo-1", "g-" + volumeId,
                volumeId, epoch, new ContainerSpec(containerId, 500, 512, List.of(), CHECK)));
    }

    /** One interval passes and the due checks run (synchronously in these tests). */
    void checkAfterAnInterval(NodeAgent node) {
        clock.advance(Duration.ofMillis(CHECK.intervalMs()));
        node.checkHealth();
    }

    @Test
    void shouldStopAContainerWhoseChecksFailTheThresholdOfTimesInARowAndReportItFailedWithTheReason() {
        NodeAgent node = startNode("node-1");
        mount(node, "vol-1", 1);
        assertSucceeded(startChecked(node, "101", "vol-1", 1));
        SimulatedRuntime runtime = runtimes.get("node-1");

        checkAfterAnInterval(node);
        runtime.failChecks("101", "exit code 1: connection refused");
        checkAfterAnInterval(node);
        checkAfterAnInterval(node);
        assertThat(runtime.isRunning("101")).as("two failures in a row: still running").isTrue();
        int published = outboxes.get("node-1").statuses.size();
        checkAfterAnInterval(node);

        assertThat(runtime.checkRuns("101")).isEqualTo(4);
        assertThat(runtime.isRunning("101")).isFalse();
        assertThat(outboxes.get("node-1").statuses).as("reported at once").hasSizeGreaterThan(published);
        ContainerStatus failed = outboxes.get("node-1").lastStatus().containers().get(0);
        assertThat(failed.state()).isEqualTo(ContainerState.FAILED);
        assertThat(failed.detail())
                .startsWith("health check failed 3 times in a row: exit code 1: connection refused");
        assertThat(outboxes.get("node-1").lastStatus().usage()).isEqualTo(Resources.NONE);

        checkAfterAnInterval(node);
        assertThat(runtime.checkRuns("101")).as("no check of a container that no longer runs").isEqualTo(4);
    }

    @Test
    void shouldKeepAContainerWhoseFailuresAreNotInARow() {
        NodeAgent node = startNode("node-1");
        mount(node, "vol-1", 1);
        startChecked(node, "101", "vol-1", 1);
        SimulatedRuntime runtime = runtimes.get("node-1");

        for (int i = 0; i < 5; i++) {
            runtime.failChecks("101", "exit code 1");
            checkAfterAnInterval(node);
            checkAfterAnInterval(node);
            runtime.passChecks("101");
            checkAfterAnInterval(node);
        }

        assertThat(runtime.checkRuns("101")).isEqualTo(15);
        assertThat(runtime.isRunning("101")).isTrue();
        assertThat(outboxes.get("node-1").lastStatus().containers()).extracting(ContainerStatus::state)
                .containsExactly(ContainerState.RUNNING);
    }

    @Test
    void shouldStopCheckingAContainerOnceItIsStopped() {
        NodeAgent node = startNode("node-1");
        mount(node, "vol-1", 1);
        startChecked(node, "101", "vol-1", 1);
        checkAfterAnInterval(node);

        assertSucceeded(node.execute(new AgentCommand.StopContainer(nextId(), "node-1", "fo-1", "g-vol-1", "101", 0)));
        checkAfterAnInterval(node);
        checkAfterAnInterval(node);

        assertThat(runtimes.get("node-1").checkRuns("101")).isEqualTo(1);
    }

    @Test
    void shouldStartAFailedOrStoppedContainerAgainAndAnswerAStopOfAFailedOneWithSuccess() {
        NodeAgent node = startNode("node-1");
        mount(node, "vol-1", 1);
        startChecked(node, "101", "vol-1", 1);
        SimulatedRuntime runtime = runtimes.get("node-1");
        runtime.failChecks("101", "exit code 1");
        for (int i = 0; i < 3; i++) {
            checkAfterAnInterval(node);
        }
        assertThat(runtime.isRunning("101")).isFalse();

        CommandResult stopFailed = node.execute(new AgentCommand.StopContainer(nextId(), "node-1", "fo-1", "g-vol-1",
                "101", 1000));
        runtime.passChecks("101");
        CommandResult again = startChecked(node, "101", "vol-1", 1);
        checkAfterAnInterval(node);

        assertThat(stopFailed).isInstanceOfSatisfying(CommandResult.CommandSucceeded.class,
                s -> assertThat(s.evidence()).containsEntry("wasRunning", "false").containsEntry("state", "FAILED"));
        assertThat(again).isInstanceOfSatisfying(CommandResult.CommandSucceeded.class,
                s -> assertThat(s.evidence()).doesNotContainKey("alreadyRunning"));
        assertThat(runtime.isRunning("101")).isTrue();
        assertThat(runtime.checkRuns("101")).as("the new start is checked again").isEqualTo(4);
        assertThat(outboxes.get("node-1").lastStatus().containers()).extracting(ContainerStatus::state)
                .containsExactly(ContainerState.RUNNING);

        // stopped by a command, then started again
        assertSucceeded(node.execute(new AgentCommand.StopContainer(nextId(), "node-1", "fo-1", "g-vol-1", "101", 0)));
        assertSucceeded(start(node, "101", "vol-1", 1));
        assertThat(runtime.isRunning("101")).isTrue();
        runtime.crash("101", "exited with code 1");
        assertSucceeded(start(node, "101", "vol-1", 1));
        assertThat(runtime.isRunning("101")).isTrue();
        assertThat(outboxes.get("node-1").lastStatus().containers()).extracting(ContainerStatus::state)
                .containsExactly(ContainerState.RUNNING);
    }

    @Test
    void shouldFenceItselfWhenNoHeartbeatIsAcknowledgedForItsIsolationTimeout() {
        NodeAgent node = startNode("node-1");
        assertSucceeded(mount(node, "vol-1", 3));
        assertSucceeded(start(node, "101", "vol-1", 3));
        assertSucceeded(start(node, "102", "vol-1", 3));
        String firstIncarnation = node.incarnation();
        RecordingOutbox outbox = outboxes.get("node-1");

        outbox.reachable = false;
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMillis(500));
            node.sendHeartbeat();
            node.tick();
        }
        clock.advance(Duration.ofMillis(499)); // 1999 ms after the last acknowledged heartbeat was sent
        node.tick();
        assertThat(node.mode()).isEqualTo(AgentMode.ACTIVE);
        assertThat(runtimes.get("node-1").isRunning("101")).isTrue();

        clock.advance(Duration.ofMillis(1));
        node.tick();

        assertThat(node.mode()).isEqualTo(AgentMode.SELF_FENCED);
        assertThat(runtimes.get("node-1").isRunning("101")).isFalse();
        assertThat(runtimes.get("node-1").isRunning("102")).isFalse();
        assertThat(storage.read("vol-1")).hasValueSatisfying(lease -> {
            assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
            assertThat(lease.epoch()).as("never lowered").isEqualTo(3);
        });
        assertThat(node.incarnation()).isNotEqualTo(firstIncarnation);
        assertThat(node.pastIncarnations()).containsExactly(firstIncarnation);
        NodeStatus fenced = outbox.lastStatus();
        assertThat(fenced.mode()).isEqualTo(NodeStatus.Mode.SELF_FENCED);
        assertThat(fenced.containers()).isEmpty();
        assertThat(fenced.volumes()).isEmpty();
        assertThat(fenced.lastSelfFence()).isEqualTo(new NodeStatus.SelfFence(T0.plusMillis(2000),
                fenced.lastSelfFence().reason(), List.of("101", "102"), List.of("vol-1")));
        assertThat(fenced.lastSelfFence().reason()).contains("no heartbeat acknowledged in time: isolation timeout "
                + "2000 ms; last acknowledged heartbeat sent 2000 ms ago");

        // it speaks again: the self-fence is reported, then it serves under its new incarnation
        outbox.reachable = true;
        clock.advance(Duration.ofSeconds(10));
        node.sendHeartbeat();
        node.publishStatus();
        node.tick();

        assertThat(node.mode()).isEqualTo(AgentMode.ACTIVE);
        NodeStatus back = outbox.lastStatus();
        assertThat(back.mode()).isEqualTo(NodeStatus.Mode.ACTIVE);
        assertThat(back.incarnation()).isEqualTo(node.incarnation());
        assertThat(back.lastSelfFence()).isEqualTo(fenced.lastSelfFence());
        assertThat(outbox.heartbeats.get(outbox.heartbeats.size() - 1).incarnation()).isEqualTo(node.incarnation());
    }

    @Test
    void shouldAdvertiseItsIsolationBoundAndMeasureWithTheMonotonicClock() {
        NodeAgent node = startNode("node-1");
        assertSucceeded(mount(node, "vol-1", 1));
        assertSucceeded(start(node, "101", "vol-1", 1));

        // the wall clock is set back and forth (NTP, an operator) while heartbeats flow
        for (int i = 0; i < 20; i++) {
            clock.setWall(i % 2 == 0 ? T0.plus(Duration.ofHours(5)) : T0.minus(Duration.ofHours(5)));
            clock.advance(Duration.ofMillis(100));
            node.sendHeartbeat();
            node.tick();
        }

        assertThat(node.mode()).isEqualTo(AgentMode.ACTIVE);
        assertThat(node.pastIncarnations()).isEmpty();
        assertThat(runtimes.get("node-1").isRunning("101")).isTrue();
        assertThat(outboxes.get("node-1").heartbeats).allSatisfy(hb -> {
            assertThat(hb.isolationTimeoutMs()).as("isolation timeout + lag allowance").isEqualTo(2500);
            assertThat(hb.intervalMs()).isEqualTo(500);
        });
    }

    @Test
    void shouldNotFenceItselfWhenItsOwnStallEndsAndItsHeartbeatsAreAcknowledgedRightAfter() {
        NodeAgent node = startNode("node-1");
        assertSucceeded(mount(node, "vol-1", 1));
        assertSucceeded(start(node, "101", "vol-1", 1));
        node.tick();

        clock.advance(Duration.ofSeconds(3)); // the whole agent stood still: no heartbeat, no tick
        node.tick();
        node.sendHeartbeat();
        clock.advance(Duration.ofMillis(100));
        node.tick();

        assertThat(node.mode()).isEqualTo(AgentMode.ACTIVE);
        assertThat(node.pastIncarnations()).isEmpty();
        assertThat(runtimes.get("node-1").isRunning("101")).isTrue();
    }

    @Test
    void shouldComeBackFromAFailureDeclarationWithOnlyWhatItStillOwns() {
        NodeAgent node1 = startNode("node-1");
        NodeAgent node2 = startNode("node-2");
        mount(node1, "vol-1", 1);
        start(node1, "101", "vol-1", 1);
        mount(node1, "vol-2", 1);
        start(node1, "201", "vol-2", 1);
        // the cluster moved group g-vol-1 to node-2 while node-1 looked dead
        assertSucceeded(node2.execute(new AgentCommand.FenceVolume(nextId(), "node-2", "fo-2", "g-vol-1", "vol-1", 2,
                "node-1")));

        node1.onNodeFailed(new NodeHealthEvent.NodeFailed("node-1", node1.incarnation(), T0, T0.plusSeconds(3),
                "silent", 500, 2000));

        assertThat(runtimes.get("node-1").isRunning("101")).isFalse();
        assertThat(runtimes.get("node-1").isRunning("201")).isTrue();
        NodeStatus status = outboxes.get("node-1").lastStatus();
        assertThat(status.volumes()).containsExactly(new VolumeStatus("vol-2", "g-vol-2", 1));
        assertThat(status.containers()).filteredOn(c -> c.state() == ContainerState.RUNNING)
                .extracting(ContainerStatus::containerId).containsExactly("201");
        assertThat(storage.read("vol-1")).as("the new owner's lease is left alone")
                .hasValueSatisfying(lease -> assertThat(lease.owner()).isEqualTo("node-2"));
    }

    @Test
    void shouldStopWhatItRunsOnAVolumeTakenOverWhenItRenewsItsLeases() {
        NodeAgent node1 = startNode("node-1");
        mount(node1, "vol-1", 1);
        start(node1, "101", "vol-1", 1);
        storage.mount("vol-1", "node-2", 2, T0);

        node1.renewLeases();

        assertThat(runtimes.get("node-1").isRunning("101")).isFalse();
        assertThat(outboxes.get("node-1").lastStatus().volumes()).isEmpty();
    }

    /** The simulated storage behind a switch: cut, every call fails as an unreachable SAN would. */
    static final class CuttableStorage implements io.hacluster.agent.driver.StorageDriver {

        final SimulatedStorage inner;
        volatile boolean cut;

        CuttableStorage(SimulatedStorage inner) {
            this.inner = inner;
        }

        private void check() {
            if (cut) {
                throw new java.io.UncheckedIOException(new java.io.IOException("storage unreachable"));
            }
        }

        @Override
        public java.util.Optional<LeaseRecord> read(String volumeId) {
            check();
            return inner.read(volumeId);
        }

        @Override
        public io.hacluster.agent.domain.LeaseDecision change(String volumeId, String nodeId,
                java.util.function.Function<LeaseRecord, io.hacluster.agent.domain.LeaseDecision> rule) {
            check();
            return inner.change(volumeId, nodeId, rule);
        }
    }

    /** An agent on storage a test can cut, with simulated containers; its runtime lands in {@code runtime[0]}. */
    private NodeAgent agentOn(CuttableStorage cuttable, RecordingOutbox outbox, SimulatedRuntime[] runtime) {
        return new NodeAgent("node-1", SETTINGS, cuttable, listener -> {
            runtime[0] = new SimulatedRuntime(Duration.ZERO, Duration.ZERO, listener);
            return runtime[0];
        }, outbox, clock, clock, Runnable::run);
    }

    @Test
    void shouldGiveUpAVolumeWhoseLeaseItCannotRenewForTheLeaseTimeoutAndKeepTheOthers() {
        CuttableStorage cuttable = new CuttableStorage(storage);
        RecordingOutbox outbox = new RecordingOutbox();
        SimulatedRuntime[] runtime = new SimulatedRuntime[1];
        NodeAgent node = agentOn(cuttable, outbox, runtime);
        node.sendHeartbeat();
        mount(node, "vol-1", 1);
        start(node, "101", "vol-1", 1);
        node.renewLeases();

        cuttable.cut = true;
        for (int second = 1; second <= 9; second++) {
            clock.advance(Duration.ofSeconds(1));
            node.sendHeartbeat();
            node.renewLeases();
        }
        assertThat(runtime[0].isRunning("101")).as("9 s without a renewal: within the lease timeout (10 s)").isTrue();

        clock.advance(Duration.ofSeconds(1));
        node.renewLeases();

        assertThat(runtime[0].isRunning("101")).isFalse();
        NodeStatus status = outbox.lastStatus();
        assertThat(status.volumes()).isEmpty();
        assertThat(status.containers()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(ContainerState.STOPPED);
            assertThat(c.detail()).contains("could not be renewed for 10000 ms");
        });
        assertThat(node.mode()).as("Kafka is fine: it serves on").isEqualTo(AgentMode.ACTIVE);
        assertThat(storage.read("vol-1")).as("the lease itself is untouched: it cannot be reached")
                .hasValueSatisfying(lease -> assertThat(lease.state()).isEqualTo(LeaseState.MOUNTED));
    }

    @Test
    void shouldKeepAVolumeWhoseRenewalsFailForLessThanTheLeaseTimeout() {
        CuttableStorage cuttable = new CuttableStorage(storage);
        RecordingOutbox outbox = new RecordingOutbox();
        SimulatedRuntime[] runtime = new SimulatedRuntime[1];
        NodeAgent node = agentOn(cuttable, outbox, runtime);
        node.sendHeartbeat();
        mount(node, "vol-1", 1);
        start(node, "101", "vol-1", 1);

        for (int round = 0; round < 5; round++) {
            cuttable.cut = true;
            for (int second = 0; second < 8; second++) {
                clock.advance(Duration.ofSeconds(1));
                node.sendHeartbeat();
                node.renewLeases();
            }
            cuttable.cut = false;
            clock.advance(Duration.ofSeconds(1));
            node.renewLeases();
        }

        assertThat(runtime[0].isRunning("101")).isTrue();
        assertThat(node.lastStatus().volumes()).hasSize(1);
    }
}

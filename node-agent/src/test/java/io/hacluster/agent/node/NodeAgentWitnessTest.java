package io.hacluster.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hacluster.agent.FakeClock;
import io.hacluster.agent.domain.AgentMode;
import io.hacluster.agent.driver.simulated.SimulatedRuntime;
import io.hacluster.agent.driver.simulated.SimulatedStorage;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.WitnessSlot;

/**
 * Several agents sharing a witness in memory, driven step by step on a fake clock as their timers would: heartbeats
 * every 500 ms, the isolation watch and the witness every 100 ms. Isolation timeout 2000 ms, lag allowance 500 ms;
 * witness every 500 ms, stale after 1500 ms.
 */
class NodeAgentWitnessTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final NodeAgent.Settings SETTINGS = new NodeAgent.Settings(new Resources(4000, 8192), List.of(),
            Duration.ofMillis(500), Duration.ofMillis(2000), Duration.ofMillis(500), Duration.ofSeconds(5), 100);

    final FakeClock clock = new FakeClock(T0);
    final SimulatedStorage storage = new SimulatedStorage(Duration.ZERO);
    final InMemoryWitness witness = new InMemoryWitness();
    final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    final Map<String, SimulatedRuntime> runtimes = new LinkedHashMap<>();
    final Map<String, RecordingOutbox> outboxes = new LinkedHashMap<>();
    long elapsedMs;
    int commands;

    void startNodes(int count) {
        for (int i = 1; i <= count; i++) {
            String nodeId = "node-" + i;
            RecordingOutbox outbox = new RecordingOutbox();
            outboxes.put(nodeId, outbox);
            NodeAgent node = new NodeAgent(nodeId, SETTINGS, storage, witness, listener -> {
                SimulatedRuntime runtime = new SimulatedRuntime(Duration.ZERO, Duration.ZERO, listener);
                runtimes.put(nodeId, runtime);
                return runtime;
            }, outbox, clock, clock, Runnable::run);
            nodes.put(nodeId, node);
        }
        run(Duration.ofSeconds(3)); // every slot seen changing by every agent
        assertThat(nodes.values()).allSatisfy(n -> assertThat(n.mode()).isEqualTo(AgentMode.ACTIVE));
    }

    /** Time passes, in steps of 100 ms; each agent does what its timers would. */
    void run(Duration duration) {
        for (long t = 0; t < duration.toMillis(); t += 100) {
            clock.advance(Duration.ofMillis(100));
            elapsedMs += 100;
            for (NodeAgent node : nodes.values()) {
                if (elapsedMs % 500 == 0) {
                    node.sendHeartbeat();
                }
                node.tick();
                node.witness();
            }
        }
    }

    /** Runs until {@code node} is in {@code mode}, at most {@code limit}; the time it took. */
    long runUntil(String node, AgentMode mode, Duration limit) {
        long from = elapsedMs;
        while (nodes.get(node).mode() != mode && elapsedMs - from < limit.toMillis()) {
            run(Duration.ofMillis(100));
        }
        assertThat(nodes.get(node).mode()).isEqualTo(mode);
        return elapsedMs - from;
    }

    void cut(String... nodeIds) {
        for (String id : nodeIds) {
            outboxes.get(id).reachable = false;
        }
    }

    void restore(String... nodeIds) {
        for (String id : nodeIds) {
            outboxes.get(id).reachable = true;
        }
    }

    String[] all() {
        return nodes.keySet().toArray(String[]::new);
    }

    void runGroup(String nodeId, String volumeId, String containerId) {
        NodeAgent node = nodes.get(nodeId);
        assertThat(node.execute(new AgentCommand.MountVolume("cmd-" + (++commands), nodeId, "fo-1", "g-" + volumeId,
                volumeId, 1))).isInstanceOf(CommandResult.CommandSucceeded.class);
        assertThat(node.execute(new AgentCommand.StartContainer("cmd-" + (++commands), nodeId, "fo-1",
                "g-" + volumeId, volumeId, 1, new ContainerSpec(containerId, 500, 512, List.of()))))
                .isInstanceOf(CommandResult.CommandSucceeded.class);
    }

    @Test
    void shouldFreezeEveryAgentAndKeepEveryWorkloadWhenKafkaIsDownForEveryone() {
        startNodes(3);
        runGroup("node-1", "vol-1", "101");
        runGroup("node-2", "vol-2", "201");
        Map<String, String> incarnations = new LinkedHashMap<>();
        nodes.forEach((id, n) -> incarnations.put(id, n.incarnation()));

        cut(all());
        run(Duration.ofSeconds(5));

        assertThat(nodes.values()).allSatisfy(n -> {
            assertThat(n.mode()).as(n.nodeId()).isEqualTo(AgentMode.FROZEN);
            assertThat(n.pastIncarnations()).isEmpty();
        });
        assertThat(runtimes.get("node-1").isRunning("101")).isTrue();
        assertThat(runtimes.get("node-2").isRunning("201")).isTrue();
        assertThat(storage.read("vol-1")).hasValueSatisfying(l -> assertThat(l.owner()).isEqualTo("node-1"));
        WitnessSlot slot = witness.slots.get("node-1");
        assertThat(slot.mode()).isEqualTo(NodeStatus.Mode.FROZEN);
        assertThat(slot.kafkaReachable()).isFalse();
        assertThat(slot.heldVolumes()).containsExactly("vol-1");
        assertThat(slot.isolationTimeoutMs()).isEqualTo(2500);
        assertThat(slot.lastAcknowledgedAt()).isNotNull();
        NodeStatus status = outboxes.get("node-1").lastStatus();
        assertThat(status.mode()).as("what it would publish").isEqualTo(NodeStatus.Mode.FROZEN);
        assertThat(status.volumes()).hasSize(1);

        // frozen for as long as the outage lasts, refusing new work
        run(Duration.ofMinutes(2));
        assertThat(nodes.values()).allSatisfy(n -> assertThat(n.mode()).isEqualTo(AgentMode.FROZEN));
        CommandResult refused = nodes.get("node-3").execute(new AgentCommand.MountVolume("cmd-x", "node-3", "fo-2",
                "g-vol-3", "vol-3", 1));
        assertThat(refused).isInstanceOfSatisfying(CommandResult.CommandFailed.class,
                f -> assertThat(f.reason()).contains("FROZEN"));

        restore(all());
        run(Duration.ofSeconds(1));

        assertThat(nodes.values()).allSatisfy(n -> {
            assertThat(n.mode()).isEqualTo(AgentMode.ACTIVE);
            assertThat(n.incarnation()).isEqualTo(incarnations.get(n.nodeId()));
            assertThat(n.pastIncarnations()).isEmpty();
        });
        assertThat(runtimes.get("node-1").isRunning("101")).isTrue();
        assertThat(outboxes.get("node-1").lastStatus().mode()).isEqualTo(NodeStatus.Mode.ACTIVE);
        assertThat(outboxes.get("node-1").lastStatus().volumes()).hasSize(1);
        run(Duration.ofSeconds(1));
        assertThat(witness.slots.get("node-1").kafkaReachable()).isTrue();
        assertThat(witness.slots.get("node-1").mode()).isEqualTo(NodeStatus.Mode.ACTIVE);
    }

    @Test
    void shouldFenceTheOneAgentCutOffWhileTheOthersCarryOnByItsIsolationBound() {
        startNodes(3);
        runGroup("node-1", "vol-1", "101");
        long lastAcknowledgedSend = elapsedMs - elapsedMs % 500;

        cut("node-1");
        long took = runUntil("node-1", AgentMode.SELF_FENCED, Duration.ofSeconds(10));

        long fencedAfterLastAckedSend = elapsedMs - lastAcknowledgedSend;
        assertThat(fencedAfterLastAckedSend).as("by its isolation bound (2500 ms) and one watch period")
                .isLessThanOrEqualTo(2600);
        assertThat(took).isPositive();
        NodeAgent node1 = nodes.get("node-1");
        assertThat(node1.pastIncarnations()).hasSize(1);
        assertThat(runtimes.get("node-1").isRunning("101")).isFalse();
        assertThat(node1.lastSelfFence().reason()).contains("the others carry on");
        assertThat(nodes.get("node-2").mode()).isEqualTo(AgentMode.ACTIVE);
        assertThat(nodes.get("node-3").mode()).isEqualTo(AgentMode.ACTIVE);
        run(Duration.ofMillis(200));
        WitnessSlot slot = witness.slots.get("node-1");
        assertThat(slot.mode()).isEqualTo(NodeStatus.Mode.SELF_FENCED);
        assertThat(slot.heldVolumes()).isEmpty();
        assertThat(slot.incarnation()).isEqualTo(node1.incarnation());
    }

    @Test
    void shouldFenceAnAgentWhoseOwnSlotCannotBeWrittenWhileTheOthersFreeze() {
        startNodes(4);
        runGroup("node-1", "vol-1", "101");
        runGroup("node-2", "vol-2", "201");
        witness.failingWriters.add("node-1");

        cut(all());
        run(Duration.ofSeconds(5));

        assertThat(nodes.get("node-1").mode()).as("its slot went unwritten: it fenced and began anew")
                .isNotEqualTo(AgentMode.FROZEN);
        assertThat(nodes.get("node-1").pastIncarnations()).hasSize(1);
        assertThat(nodes.get("node-1").lastSelfFence().reason()).contains("own witness slot cannot be written");
        assertThat(runtimes.get("node-1").isRunning("101")).isFalse();
        for (String id : List.of("node-2", "node-3", "node-4")) {
            assertThat(nodes.get(id).mode()).as(id + ": 2 of its 3 others fresh and cut off")
                    .isEqualTo(AgentMode.FROZEN);
        }
        assertThat(runtimes.get("node-2").isRunning("201")).isTrue();
    }

    @Test
    void shouldFenceAFrozenAgentThatStaysCutOffOnceTheOthersAreBack() {
        startNodes(3);
        runGroup("node-1", "vol-1", "101");
        cut(all());
        run(Duration.ofSeconds(5));
        assertThat(nodes.values()).allSatisfy(n -> assertThat(n.mode()).isEqualTo(AgentMode.FROZEN));

        restore("node-2", "node-3");
        long took = runUntil("node-1", AgentMode.SELF_FENCED, Duration.ofSeconds(30));

        assertThat(took).as("the others' slots show them back, then it waits the recovery grace (10 s)")
                .isBetween(10_000L, 12_000L);
        assertThat(nodes.get("node-1").lastSelfFence().reason()).contains("now it is the one cut off");
        assertThat(runtimes.get("node-1").isRunning("101")).isFalse();
        assertThat(nodes.get("node-2").mode()).isEqualTo(AgentMode.ACTIVE);
        assertThat(nodes.get("node-3").mode()).isEqualTo(AgentMode.ACTIVE);
    }

    @Test
    void shouldServeAgainWhenItsOwnHeartbeatsAreAcknowledgedSecondsAfterTheOthers() {
        startNodes(3);
        runGroup("node-1", "vol-1", "101");
        String incarnation = nodes.get("node-1").incarnation();
        cut(all());
        run(Duration.ofSeconds(5));

        restore("node-2", "node-3");
        run(Duration.ofSeconds(6)); // its own Kafka client reconnects last
        restore("node-1");
        run(Duration.ofSeconds(1));

        assertThat(nodes.values()).allSatisfy(n -> assertThat(n.mode()).isEqualTo(AgentMode.ACTIVE));
        assertThat(nodes.get("node-1").incarnation()).isEqualTo(incarnation);
        assertThat(runtimes.get("node-1").isRunning("101")).isTrue();
    }

    @Test
    void shouldFenceAsBeforeWhenAloneOnTheWitness() {
        startNodes(1);
        runGroup("node-1", "vol-1", "101");
        long lastAcknowledgedSend = elapsedMs - elapsedMs % 500;

        cut("node-1");
        runUntil("node-1", AgentMode.SELF_FENCED, Duration.ofSeconds(10));

        assertThat(elapsedMs - lastAcknowledgedSend).as("at its deadline: nobody could show an outage")
                .isLessThanOrEqualTo(2100);
        assertThat(nodes.get("node-1").lastSelfFence().reason()).contains("too few fresh slots");
    }

    @Test
    void shouldTellTheOthersThatItsKafkaIsGoneWithinHalfItsIsolationTimeout() {
        startNodes(2);
        List<Boolean> seen = new ArrayList<>();
        cut("node-1");
        for (int i = 0; i < 15; i++) {
            run(Duration.ofMillis(100));
            seen.add(witness.slots.get("node-1").kafkaReachable());
        }

        assertThat(seen.subList(0, 5)).as("the first 500 ms").contains(true);
        assertThat(seen.get(14)).as("after 1500 ms").isFalse();
        assertThat(nodes.get("node-2").witnessView()).hasValueSatisfying(v -> {
            assertThat(v.knownOthers()).isEqualTo(1);
            assertThat(v.freshUnreachable()).isEqualTo(1);
        });
    }
}

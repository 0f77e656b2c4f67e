package io.hacluster.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hacluster.agent.domain.AgentMode;
import io.hacluster.agent.domain.LeaseState;
import io.hacluster.agent.driver.local.DemoWorkload;
import io.hacluster.agent.driver.local.LeaseFile;
import io.hacluster.agent.driver.local.SharedDirWitness;
import io.hacluster.agent.node.AgentHost;
import io.hacluster.agent.node.NodeAgent;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A real agent (OS-process containers, shared-dir storage, its witness slot on that storage) cut off from its broker
 * by a proxy, while the test writes the witness slots of two more nodes beside it: when those show Kafka down for
 * them too, the agent freezes and its container keeps running; when they show Kafka fine, it fences itself by its
 * isolation bound.
 */
@QuarkusTest
@WithTestResource(ProxiedKafkaResource.class)
@TestProfile(WitnessFreezeTest.RealDriversWithWitness.class)
class WitnessFreezeTest {

    static final String NODE = "node-wit";
    static final List<String> OTHERS = List.of("node-wit-b", "node-wit-c");
    static final Path ROOT = Path.of("target", "witness-test-" + ProcessHandle.current().pid()).toAbsolutePath();

    public static class RealDriversWithWitness implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agent.node-id", NODE,
                    "agent.heartbeat-interval", "100ms",
                    "agent.isolation-timeout", "1000ms",
                    "agent.runtime.driver", "process",
                    "agent.runtime.log-dir", ROOT.resolve("logs").toString(),
                    "agent.storage.driver", "shared-dir",
                    "agent.storage.root", ROOT.toString(),
                    "agent.storage.renew-interval", "500ms");
        }
    }

    @Inject
    AgentHost host;

    final SharedDirWitness witness = new SharedDirWitness(ROOT);
    final AtomicLong seq = new AtomicLong();
    volatile boolean othersReachKafka = true;
    ScheduledExecutorService others;

    /** The other two nodes, as their agents would: a slot rewritten every 200 ms. */
    @BeforeEach
    void startTheOtherNodesSlots() {
        ProxiedKafkaResource.proxy.restore();
        others = Executors.newSingleThreadScheduledExecutor();
        others.scheduleAtFixedRate(() -> {
            long next = seq.incrementAndGet();
            for (String other : OTHERS) {
                witness.write(new WitnessSlot(other, "inc-" + other, next, Instant.now(),
                        othersReachKafka ? NodeStatus.Mode.ACTIVE : NodeStatus.Mode.FROZEN, othersReachKafka,
                        Instant.now(), 1500, List.of()));
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> agent().mode() == AgentMode.ACTIVE);
    }

    @AfterEach
    void stopThem() {
        others.shutdownNow();
        ProxiedKafkaResource.proxy.restore();
    }

    NodeAgent agent() {
        return host.node(NODE).orElseThrow();
    }

    /** Mounts the volume and starts the demo workload on it through Kafka; the pid of its process. */
    long runGroup(String volumeId, String containerId) {
        try (TestKafka kafka = new TestKafka(ProxiedKafkaResource.bootstrapServers())) {
            CommandResult mounted = CommandsOverKafkaTest.sendUntilAnswered(kafka,
                    new AgentCommand.MountVolume(volumeId + "-mount", NODE, "fo-w", "g-" + volumeId, volumeId, 1));
            CommandResult started = CommandsOverKafkaTest.sendUntilAnswered(kafka,
                    new AgentCommand.StartContainer(volumeId + "-start", NODE, "fo-w", "g-" + volumeId, volumeId, 1,
                            new ContainerSpec(containerId, 100, 64, List.of())));
            assertThat(mounted).isInstanceOf(CommandResult.CommandSucceeded.class);
            assertThat(started).isInstanceOf(CommandResult.CommandSucceeded.class);
            String detail = ((CommandResult.CommandSucceeded) started).evidence().get("detail");
            assertThat(detail).startsWith("pid ");
            return Long.parseLong(detail.substring("pid ".length()).trim());
        }
    }

    void awaitTheAgentSeesTheOthers(boolean reachable) {
        await().atMost(Duration.ofSeconds(30)).until(() -> agent().witnessView().map(v -> v.knownOthers() == 2
                && (reachable ? v.freshReachable() : v.freshUnreachable()) == 2).orElse(false));
    }

    WitnessSlot ownSlot() throws Exception {
        return EventCodec.mapper().readValue(Files.readAllBytes(witness.slotFile(NODE)), WitnessSlot.class);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void shouldFreezeAndKeepItsContainersRunningWhenKafkaIsDownForMostNodes() throws Exception {
        long pid = runGroup("vol-frz", "app-frz");
        Path counter = DemoWorkload.counterFile(ROOT.resolve("vol-frz"), "app-frz");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(counter) && lines(counter) >= 3);
        String incarnation = agent().incarnation();
        List<String> pastBefore = agent().pastIncarnations();

        othersReachKafka = false;
        awaitTheAgentSeesTheOthers(false);
        ProxiedKafkaResource.proxy.cut();
        long cutAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(20)).until(() -> agent().mode() == AgentMode.FROZEN);
        System.out.printf("BENCHMARK node-agent witness: frozen %d ms after the broker was cut off for everyone "
                + "(isolation timeout 1000 ms, lag allowance 500 ms)%n", (System.nanoTime() - cutAt) / 1_000_000);

        // it keeps everything while frozen: the process, the lease, the writes
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> agent().mode() == AgentMode.FROZEN && alive(pid));
        int linesFrozen = lines(counter);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(counter) >= linesFrozen + 3);
        assertThat(agent().pastIncarnations()).isEqualTo(pastBefore);
        assertThat(agent().incarnation()).isEqualTo(incarnation);
        assertThat(LeaseFile.read(ROOT.resolve("vol-frz"), "vol-frz")).hasValueSatisfying(lease -> {
            assertThat(lease.state()).isEqualTo(LeaseState.MOUNTED);
            assertThat(lease.owner()).isEqualTo(NODE);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WitnessSlot slot = ownSlot();
            assertThat(slot.mode()).isEqualTo(NodeStatus.Mode.FROZEN);
            assertThat(slot.kafkaReachable()).isFalse();
            assertThat(slot.heldVolumes()).contains("vol-frz");
            assertThat(slot.incarnation()).isEqualTo(incarnation);
        });

        ProxiedKafkaResource.proxy.restore();
        othersReachKafka = true;

        await().atMost(Duration.ofSeconds(60)).until(() -> agent().mode() == AgentMode.ACTIVE);
        assertThat(agent().incarnation()).as("it serves again as the same incarnation").isEqualTo(incarnation);
        assertThat(agent().pastIncarnations()).isEqualTo(pastBefore);
        assertThat(alive(pid)).isTrue();
        try (TestKafka kafka = new TestKafka(ProxiedKafkaResource.bootstrapServers())) {
            NodeStatus back = (NodeStatus) kafka.awaitEvents(Topics.NODE_STATUS,
                    e -> e.payload() instanceof NodeStatus s && s.nodeId().equals(NODE)
                            && s.mode() == NodeStatus.Mode.ACTIVE && s.incarnation().equals(incarnation)
                            && !s.volumes().isEmpty(),
                    1, Duration.ofSeconds(60)).get(0).payload();
            assertThat(back.volumes()).anySatisfy(v -> assertThat(v.volumeId()).isEqualTo("vol-frz"));
        }
    }

    @Test
    void shouldFenceItselfByItsIsolationBoundWhenOnlyItIsCutOff() throws Exception {
        long pid = runGroup("vol-fnc", "app-fnc");
        int fencesBefore = agent().pastIncarnations().size();
        othersReachKafka = true;
        awaitTheAgentSeesTheOthers(true);

        ProxiedKafkaResource.proxy.cut();
        long cutAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(20)).until(() -> agent().pastIncarnations().size() > fencesBefore);
        long fencedAfterMs = (System.nanoTime() - cutAt) / 1_000_000;
        System.out.printf("BENCHMARK node-agent witness: fenced %d ms after the broker was cut off for it alone "
                + "(isolation bound 1500 ms)%n", fencedAfterMs);
        NodeStatus.SelfFence fence = agent().lastSelfFence();
        assertThat(fence.reason()).contains("the others carry on");
        assertThat(fence.stoppedContainers()).contains("app-fnc");
        assertThat(fence.releasedVolumes()).contains("vol-fnc");
        assertThat(fencedAfterMs).as("by its isolation bound (1500 ms after its last acknowledged heartbeat was "
                + "sent), with generous room for a busy machine").isLessThan(8000);
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(pid));
        assertThat(LeaseFile.read(ROOT.resolve("vol-fnc"), "vol-fnc")).hasValueSatisfying(
                lease -> assertThat(lease.state()).isEqualTo(LeaseState.RELEASED));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WitnessSlot slot = ownSlot();
            assertThat(slot.mode()).isEqualTo(NodeStatus.Mode.SELF_FENCED);
            assertThat(slot.heldVolumes()).isEmpty();
        });
    }

    static int lines(Path counter) throws Exception {
        return (int) Files.readAllLines(counter).stream().filter(l -> !l.isBlank()).count();
    }
}

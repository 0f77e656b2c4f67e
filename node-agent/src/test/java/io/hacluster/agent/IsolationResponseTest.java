package io.hacluster.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hacluster.agent.domain.LeaseState;
import io.hacluster.agent.driver.local.DemoWorkload;
import io.hacluster.agent.driver.local.LeaseFile;
import io.hacluster.agent.node.AgentHost;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A real agent (OS-process containers, shared-dir storage) cut off from its broker by a proxy: it fences itself
 * within its isolation timeout, and reports it, under a new incarnation and with nothing running, once it can speak.
 */
@QuarkusTest
@WithTestResource(ProxiedKafkaResource.class)
@TestProfile(IsolationResponseTest.RealDrivers.class)
class IsolationResponseTest {

    static final String NODE = "node-iso";
    static final Path ROOT = Path.of("target", "isolation-test-" + ProcessHandle.current().pid())
            .toAbsolutePath();

    public static class RealDrivers implements QuarkusTestProfile {

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

    @Test
    void shouldStopItsContainersAndReleaseItsVolumesWhenCutOffAndComeBackEmpty() throws Exception {
        Path counter = DemoWorkload.counterFile(ROOT.resolve("vol-iso"), "app");
        String firstIncarnation;
        try (TestKafka kafka = new TestKafka(ProxiedKafkaResource.bootstrapServers())) {
            CommandResult mounted = CommandsOverKafkaTest.sendUntilAnswered(kafka,
                    new AgentCommand.MountVolume("iso-mount", NODE, "fo-iso", "g-iso", "vol-iso", 1));
            CommandResult started = CommandsOverKafkaTest.sendUntilAnswered(kafka, new AgentCommand.StartContainer(
                    "iso-start", NODE, "fo-iso", "g-iso", "vol-iso", 1, new ContainerSpec("app", 100, 64, List.of())));
            assertThat(mounted).isInstanceOf(CommandResult.CommandSucceeded.class);
            assertThat(started).isInstanceOf(CommandResult.CommandSucceeded.class);
            firstIncarnation = host.node(NODE).orElseThrow().incarnation();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(counter) && lines(counter) >= 3);
        assertThat(host.node(NODE).orElseThrow().pastIncarnations()).as("it never fenced itself while connected")
                .isEmpty();

        ProxiedKafkaResource.proxy.cut();
        long cutAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(15)).until(() -> host.node(NODE).orElseThrow().lastSelfFence() != null);
        long fencedAfterMs = (System.nanoTime() - cutAt) / 1_000_000;
        NodeStatus.SelfFence fence = host.node(NODE).orElseThrow().lastSelfFence();
        System.out.printf("BENCHMARK node-agent isolation response: isolation timeout 1000 ms, lag allowance 500 ms, "
                + "heartbeat 100 ms: containers stopped and volumes released %d ms after the broker was cut off%n",
                fencedAfterMs);
        assertThat(fence.stoppedContainers()).containsExactly("app");
        assertThat(fence.releasedVolumes()).containsExactly("vol-iso");
        assertThat(fencedAfterMs).as("fenced within its isolation bound (1500 ms) and a little reaction time")
                .isLessThan(3000);
        assertThat(LeaseFile.read(ROOT.resolve("vol-iso"), "vol-iso")).hasValueSatisfying(lease -> {
            assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
            assertThat(lease.epoch()).isEqualTo(1);
        });
        assertThat(Files.readAllLines(ROOT.resolve("vol-iso").resolve(LeaseFile.HISTORY)))
                .last().asString().contains("node=" + NODE + " action=release epochBefore=1 epochAfter=1");
        int linesAtFence = lines(counter);

        ProxiedKafkaResource.proxy.restore();

        try (TestKafka kafka = new TestKafka(ProxiedKafkaResource.bootstrapServers())) {
            NodeStatus reported = (NodeStatus) kafka.awaitEvents(Topics.NODE_STATUS,
                    e -> e.payload() instanceof NodeStatus s && s.nodeId().equals(NODE)
                            && s.mode() == NodeStatus.Mode.SELF_FENCED,
                    1, Duration.ofSeconds(60)).get(0).payload();
            NodeStatus active = (NodeStatus) kafka.awaitEvents(Topics.NODE_STATUS,
                    e -> e.payload() instanceof NodeStatus s && s.nodeId().equals(NODE)
                            && s.mode() == NodeStatus.Mode.ACTIVE && s.lastSelfFence() != null,
                    1, Duration.ofSeconds(60)).get(0).payload();

            assertThat(reported.lastSelfFence()).isEqualTo(fence);
            assertThat(reported.incarnation()).isNotEqualTo(firstIncarnation);
            assertThat(reported.containers()).isEmpty();
            assertThat(reported.volumes()).isEmpty();
            assertThat(active.incarnation()).isEqualTo(reported.incarnation());
            assertThat(active.containers()).noneMatch(c -> c.state() == ContainerState.RUNNING);
        }
        assertThat(lines(counter)).as("the container wrote nothing after the fence").isEqualTo(linesAtFence);
    }

    static int lines(Path counter) throws Exception {
        return (int) Files.readAllLines(counter).stream().filter(l -> !l.isBlank()).count();
    }
}

package io.hacluster.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hacluster.agent.node.AgentHost;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.events.VolumeStatus;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Commands sent over the real broker to the agent of node-test; answers and status read back from the broker. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class CommandsOverKafkaTest {

    static final String NODE = NodeAgentTest.NODE;

    @Inject
    AgentHost host;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Sends a command until it is answered, as the executor does: a repeat gets the first outcome. */
    static CommandResult sendUntilAnswered(TestKafka kafka, AgentCommand command) {
        AtomicReference<CommandResult> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            kafka.send(command);
            try {
                List<Envelope<?>> found = kafka.awaitEvents(Topics.COMMAND_RESULTS,
                        e -> e.payload() instanceof CommandResult r && r.commandId().equals(command.commandId()), 1,
                        Duration.ofSeconds(5));
                answer.set((CommandResult) found.get(0).payload());
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        });
        return answer.get();
    }

    static NodeStatus awaitStatus(TestKafka kafka, Predicate<NodeStatus> condition) {
        Envelope<?> found = kafka.awaitEvents(Topics.NODE_STATUS,
                e -> e.payload() instanceof NodeStatus s && s.nodeId().equals(NODE) && condition.test(s), 1,
                Duration.ofSeconds(30)).get(0);
        return (NodeStatus) found.payload();
    }

    @Test
    void shouldCarryOutCommandsOnceAndAnswerEachOnCommandResults() {
        String volume = "vol-" + run;
        String group = "g-" + run;
        String containerId = "c-" + run;
        try (TestKafka kafka = TestKafka.connect()) {
            var mount = new AgentCommand.MountVolume("mount-" + run, NODE, "fo-" + run, group, volume, 3);
            CommandResult mounted = sendUntilAnswered(kafka, mount);
            CommandResult started = sendUntilAnswered(kafka, new AgentCommand.StartContainer("start-" + run, NODE,
                    "fo-" + run, group, volume, 3, new ContainerSpec(containerId, 250, 256, List.of())));
            NodeStatus running = awaitStatus(kafka, s -> s.containers().stream()
                    .anyMatch(c -> c.containerId().equals(containerId) && c.state() == ContainerState.RUNNING));

            assertThat(mounted).isInstanceOfSatisfying(CommandResult.CommandSucceeded.class, s -> {
                assertThat(s.commandType()).isEqualTo("MountVolume");
                assertThat(s.evidence()).containsEntry("epochAfter", "3");
            });
            assertThat(started).isInstanceOf(CommandResult.CommandSucceeded.class);
            assertThat(running.volumes()).contains(new VolumeStatus(volume, group, 3));

            // the same command again: answered with its first outcome, not carried out twice
            kafka.send(mount);
            List<Envelope<?>> answers = kafka.awaitEvents(Topics.COMMAND_RESULTS,
                    e -> e.payload() instanceof CommandResult r && r.commandId().equals(mount.commandId()), 2,
                    Duration.ofSeconds(30));
            assertThat(answers.get(answers.size() - 1).payload()).isEqualTo(mounted);

            // an older epoch is refused for good
            CommandResult stale = sendUntilAnswered(kafka,
                    new AgentCommand.MountVolume("stale-" + run, NODE, "fo-" + run, group, volume, 2));
            assertThat(stale).isInstanceOfSatisfying(CommandResult.CommandFailed.class, f -> {
                assertThat(f.retryable()).isFalse();
                assertThat(f.reason()).contains("epoch 3").contains("command has 2");
            });
        }
    }

    @Test
    void shouldGiveUpAGroupTakenOverWhenItLearnsItWasDeclaredFailed() {
        String kept = "kept-" + run;
        String lost = "lost-" + run;
        try (TestKafka kafka = TestKafka.connect()) {
            for (String volume : List.of(kept, lost)) {
                sendUntilAnswered(kafka, new AgentCommand.MountVolume("m-" + volume, NODE, null, "g-" + volume,
                        volume, 1));
                sendUntilAnswered(kafka, new AgentCommand.StartContainer("s-" + volume, NODE, null, "g-" + volume,
                        volume, 1, new ContainerSpec("c-" + volume, 100, 100, List.of())));
            }
            // another node took group g-lost over with a higher epoch while this one looked dead
            host.storage().fence(lost, "node-elsewhere", 2, Instant.now());

            String incarnation = host.node(NODE).orElseThrow().incarnation();
            AtomicReference<NodeStatus> after = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                kafka.send(new NodeHealthEvent.NodeFailed(NODE, incarnation, Instant.now(), Instant.now(),
                        "silent for 2500 ms", 100, 2000));
                try {
                    after.set(awaitStatus(kafka, s -> s.containers().stream().anyMatch(
                            c -> c.containerId().equals("c-" + lost) && c.state() == ContainerState.STOPPED)));
                    return true;
                } catch (AssertionError notYet) {
                    return false;
                }
            });

            assertThat(after.get().volumes()).extracting(VolumeStatus::volumeId).contains(kept).doesNotContain(lost);
            assertThat(after.get().containers()).filteredOn(c -> c.state() == ContainerState.RUNNING)
                    .extracting(c -> c.containerId()).contains("c-" + kept).doesNotContain("c-" + lost);
            assertThat(host.storage().read(lost)).hasValueSatisfying(
                    lease -> assertThat(lease.owner()).isEqualTo("node-elsewhere"));
        }
    }
}

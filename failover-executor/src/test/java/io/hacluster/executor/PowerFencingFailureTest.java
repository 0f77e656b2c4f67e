package io.hacluster.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** An executor whose only fencing method is a fence agent that fails: nothing may start. */
@QuarkusTest
@TestProfile(PowerFencingFailureTest.FailingFenceAgent.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PowerFencingFailureTest {

    public static class FailingFenceAgent implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("executor.fencing.methods", "power", "executor.fencing.power.command", "false {node}",
                    "executor.fencing.power.timeout", "5s");
        }
    }

    @Test
    void shouldLeaveTheGroupsOfflineWhenTheFenceAgentFails() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String failoverId = "fo-power-" + run;
        String failed = "node-p-" + run;
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(new FailoverPlanned(failoverId, new Trigger(TriggerKind.NODE_FAILED, failed, null, null,
                    "evt-" + run, new NodeFailure("inc", Instant.now(), Instant.now(), 2000, "silent"), null), failed,
                    List.of(new Assignment("gp-" + run, "volp-" + run, failed, "node-q-" + run, 1,
                            List.of(new ContainerSpec("cp-" + run, 100, 64, List.of())), List.of())),
                    List.of(), Instant.now()));

            FailoverEvent.FailoverFailed outcome = FailoverExecutorTest.event(kafka, FailoverEvent.FailoverFailed.class,
                    failoverId);
            assertThat(outcome.reason()).contains("'false " + failed + "' exited 1");
            assertThat(FailoverExecutorTest.event(kafka, FailoverEvent.GroupUnplaceable.class, failoverId).reason())
                    .contains("could not be fenced");
            assertThat(kafka.readAll(Topics.AGENT_COMMANDS)).extracting(e -> e.payload())
                    .noneMatch(p -> p instanceof AgentCommand c && failoverId.equals(c.failoverId()));
            assertThat(kafka.readAll(Topics.FAILOVER_EVENTS)).extracting(e -> e.payload())
                    .anyMatch(p -> p instanceof FailoverEvent.FailoverStarted s && failoverId.equals(s.failoverId()));
        }
    }
}

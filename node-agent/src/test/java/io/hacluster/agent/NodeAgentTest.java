package io.hacluster.agent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hacluster.agent.node.AgentHost;
import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class NodeAgentTest {

    static final String NODE = "node-test";

    @Inject
    AgentHost host;

    @Test
    void shouldPublishHeartbeatsCarryingItsTimingsEveryInterval() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        try (TestKafka kafka = TestKafka.connect()) {
            List<Envelope<?>> beats = kafka.awaitEvents(Topics.NODE_HEARTBEATS,
                    e -> e.payload() instanceof NodeHeartbeat hb && hb.nodeId().equals(NODE), 5,
                    Duration.ofSeconds(30));

            List<NodeHeartbeat> heartbeats = beats.stream().map(e -> (NodeHeartbeat) e.payload()).toList();
            assertThat(host.node(NODE).orElseThrow().pastIncarnations()).as("a healthy node never fenced itself")
                    .isEmpty();
            assertThat(heartbeats).allSatisfy(hb -> {
                assertThat(hb.intervalMs()).isEqualTo(100);
                assertThat(hb.isolationTimeoutMs()).as("its isolation bound: isolation timeout + lag allowance")
                        .isEqualTo(2500);
                assertThat(hb.capacity().cpuMillis()).isEqualTo(4000);
                assertThat(hb.incarnation()).isEqualTo(heartbeats.get(0).incarnation());
            });
            assertThat(heartbeats).extracting(NodeHeartbeat::seq).isSorted().doesNotHaveDuplicates();
            assertThat(beats).allSatisfy(e -> {
                assertThat(e.key()).isEqualTo(NODE);
                assertThat(e.source()).isEqualTo("node-agent/" + NODE);
            });
        }
    }

    @Test
    void shouldPublishItsStatusAtLeastEveryStatusInterval() {
        try (TestKafka kafka = TestKafka.connect()) {
            List<Envelope<?>> statuses = kafka.awaitEvents(Topics.NODE_STATUS,
                    e -> e.payload() instanceof NodeStatus s && s.nodeId().equals(NODE), 3, Duration.ofSeconds(30));

            NodeStatus last = (NodeStatus) statuses.get(2).payload();
            assertThat(last.mode()).isEqualTo(NodeStatus.Mode.ACTIVE);
            assertThat(last.capacity().memoryMb()).isEqualTo(8192);
            assertThat(last.lastSelfFence()).isNull();
        }
    }

    @Test
    void shouldParkAnUnreadableCommandInTheDeadLetterTopic() {
        try (TestKafka kafka = TestKafka.connect()) {
            var parked = kafka.sendUnreadableAndAwaitParked(Topics.AGENT_COMMANDS, NODE);
            assertThat(TestKafka.header(parked, "dead-letter-reason")).contains("envelope field");
        }
    }
}

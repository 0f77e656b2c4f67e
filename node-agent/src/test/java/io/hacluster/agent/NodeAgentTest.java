package io.hacluster.agent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class NodeAgentTest {

    @Test
    void shouldBeReadyAndConsumeCommands() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        try (TestKafka kafka = TestKafka.connect()) {
            RecordMetadata sent = kafka.send(new AgentCommand.MountVolume("cmd-1", "node-test", "fo-1", "g1", "vol-1", 1));
            kafka.awaitConsumed("node-agent-node-test", sent, Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldParkAnUnreadableCommandInTheDeadLetterTopic() {
        try (TestKafka kafka = TestKafka.connect()) {
            var parked = kafka.sendUnreadableAndAwaitParked(Topics.AGENT_COMMANDS, "node-test");
            assertThat(TestKafka.header(parked, "dead-letter-reason")).contains("envelope field");
        }
    }
}

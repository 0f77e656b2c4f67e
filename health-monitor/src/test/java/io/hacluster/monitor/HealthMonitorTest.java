package io.hacluster.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class HealthMonitorTest {

    @Test
    void shouldBeReadyAndConsumeHeartbeats() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        try (TestKafka kafka = TestKafka.connect()) {
            RecordMetadata sent = kafka.send(new NodeHeartbeat("node-1", "inc-1", 1, Instant.now(), 500, 2000,
                    new Resources(4000, 8192), Resources.NONE));
            kafka.awaitConsumed("health-monitor", sent, Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldParkAnUnreadableHeartbeatInTheDeadLetterTopicAndGoOn() {
        try (TestKafka kafka = TestKafka.connect()) {
            ConsumerRecord<String, byte[]> parked = kafka.sendUnreadableAndAwaitParked(Topics.NODE_HEARTBEATS, "node-x");
            assertThat(parked.key()).isEqualTo("node-x");
            assertThat(TestKafka.header(parked, "dead-letter-reason")).contains("envelope field 'eventId' missing");

            RecordMetadata next = kafka.send(new NodeHeartbeat("node-2", "inc-1", 1, Instant.now(), 500, 2000,
                    new Resources(4000, 8192), Resources.NONE));
            kafka.awaitConsumed("health-monitor", next, Duration.ofSeconds(30));
        }
    }
}

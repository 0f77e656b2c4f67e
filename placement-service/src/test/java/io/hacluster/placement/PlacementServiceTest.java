package io.hacluster.placement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PlacementServiceTest {

    @Test
    void shouldBeReadyAndConsumeNodeHealthAndAdminRequests() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        try (TestKafka kafka = TestKafka.connect()) {
            RecordMetadata health = kafka.send(new NodeHealthEvent.NodeSuspected("node-1", "inc-1", Instant.now(),
                    Instant.now(), "late"));
            RecordMetadata admin = kafka.send(new AdminEvent.NodeDrainRequested("req-1", "node-1", "test"));
            kafka.awaitConsumed("placement-service", health, Duration.ofSeconds(30));
            kafka.awaitConsumed("placement-service", admin, Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldParkAnUnreadableRequestInTheDeadLetterTopic() {
        try (TestKafka kafka = TestKafka.connect()) {
            var parked = kafka.sendUnreadableAndAwaitParked(Topics.CLUSTER_ADMIN, "g1");
            assertThat(TestKafka.header(parked, "dead-letter-reason")).contains("envelope field");
        }
    }
}

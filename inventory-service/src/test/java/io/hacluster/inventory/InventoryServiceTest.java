package io.hacluster.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.persistence.HistoryRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class InventoryServiceTest {

    @Inject
    HistoryRepository history;

    @Test
    void shouldBeReadyWithItsDatabaseAndRecordEachStatusOnce() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("Database connections health check"));

        NodeStatus status = new NodeStatus("node-1", "inc-1", 1, Instant.now(), NodeStatus.Mode.ACTIVE,
                new Resources(4000, 8192), Resources.NONE, List.of("vol-1"), List.of(), List.of(), null);
        Envelope<NodeStatus> event = Envelope.wrap(status, "test/1", Instant.now());
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(event);
            RecordMetadata replay = kafka.send(event);
            kafka.awaitConsumed("inventory-service", replay, Duration.ofSeconds(30));
        }
        assertThat(history.count("eventId", event.eventId())).isEqualTo(1);
    }

    @Test
    void shouldParkAnUnreadableStatusInTheDeadLetterTopic() {
        try (TestKafka kafka = TestKafka.connect()) {
            var parked = kafka.sendUnreadableAndAwaitParked(Topics.NODE_STATUS, "node-x");
            assertThat(TestKafka.header(parked, "dead-letter-reason")).contains("envelope field");
        }
    }
}

package io.hacluster.executor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.Topics;
import io.hacluster.executor.persistence.ProcessedEventRepository;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class FailoverExecutorTest {

    @Inject
    ProcessedEventRepository processed;

    @Test
    void shouldBeReadyWithItsDatabaseAndConsumePlans() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("Database connections health check"));

        try (TestKafka kafka = TestKafka.connect()) {
            RecordMetadata sent = kafka.send(new FailoverPlanned("fo-1",
                    new Trigger(TriggerKind.GROUP_START, null, "g1", null, "evt-1", null, null), null, null, null,
                    Instant.now()));
            kafka.awaitConsumed("failover-executor", sent, Duration.ofSeconds(30));
        }
        assertThat(processed.count()).isPositive();
    }

    @Test
    void shouldParkAnUnreadablePlanInTheDeadLetterTopic() {
        try (TestKafka kafka = TestKafka.connect()) {
            var parked = kafka.sendUnreadableAndAwaitParked(Topics.PLACEMENT_DECISIONS, "fo-x");
            assertThat(TestKafka.header(parked, "dead-letter-reason")).contains("envelope field");
        }
    }
}

package io.hacluster.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.monitor.messaging.Judge;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * No record stops the heartbeat consumer: an oversized (900 KB), a binary and a truncated record are each parked in
 * the dead-letter topic, byte for byte, with a bounded reason, and the heartbeats after them are still judged.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class GarbageRecordsTest {

    @Inject
    Judge judge;

    @Test
    void shouldParkEveryKindOfGarbageAndGoOnJudgingHeartbeats() {
        String node = "garbage-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestKafka kafka = TestKafka.connect()) {
            TestKafka.Garbage.all().forEach((kind, bytes) -> {
                var parked = kafka.sendRawAndAwaitParked(Topics.NODE_HEARTBEATS, node, bytes);
                assertThat(TestKafka.header(parked, "dead-letter-reason")).as(kind).isNotBlank()
                        .hasSizeLessThanOrEqualTo(1000);
                assertThat(TestKafka.header(parked, "dead-letter-offset")).as(kind).isNotBlank();
                assertThat(parked.headers().lastHeader("deserialization-failure-data"))
                        .as("%s: the parked record carries its bytes once", kind).isNull();
            });

            kafka.send(new NodeHeartbeat(node, "inc-1", 1, Instant.now(), 200, 1000, new Resources(1000, 1024),
                    Resources.NONE));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> judge.nodes().stream().anyMatch(v -> v.nodeId().equals(node)));
        }
    }
}

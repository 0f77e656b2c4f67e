package io.hacluster.placement;

import static io.hacluster.placement.PlacementServiceTest.WAIT;
import static io.hacluster.placement.PlacementServiceTest.awaitLeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.events.VolumeStatus;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.placement.domain.CandidateListing;
import io.hacluster.placement.domain.NoQuorumPolicy;
import io.hacluster.placement.domain.Reconciler;
import io.hacluster.placement.messaging.PlacementInstance;
import io.hacluster.placement.messaging.PlacementService;
import io.hacluster.placement.messaging.PlacementStatus.Role;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A second instance stands by with the full state and takes over when the leader goes away. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@Timeout(180)
class StandbyTakeoverTest {

    @Inject
    PlacementService service;

    @Test
    void shouldLetTheStandbyTakeOverWithTheFullStateWhenTheLeaderGoesAway() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String n1 = "n1-" + run, n2 = "n2-" + run, n3 = "n3-" + run, n4 = "n4-" + run;
        String a = "g-a-" + run, b = "g-b-" + run;
        List<String> volumes = List.of("vol-" + a, "vol-" + b);
        awaitLeader();
        try (TestKafka kafka = TestKafka.connect(); KafkaProducer<String, byte[]> producer = producer()) {
            PlacementInstance standby = new PlacementInstance(new PlacementInstance.Settings("standby-" + run,
                    Duration.ofMinutes(5), CandidateListing.ALL, "placement-service", Duration.ofSeconds(6),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), new Reconciler.Settings(Duration.ofSeconds(5),
                            Duration.ofMinutes(5)),
                    NoQuorumPolicy.FREEZE),
                    Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()),
                    plan -> publish(producer, plan), Clock.systemUTC());
            try {
                standby.start();
                await().atMost(WAIT).until(() -> standby.status().role() == Role.STANDBY);

                // n2 and n3 can each take one of the two groups, not both
                send(kafka, status(n1, 3000, volumes, new VolumeStatus("vol-" + a, a, 1)));
                send(kafka, status(n4, 3000, volumes, new VolumeStatus("vol-" + b, b, 1)));
                send(kafka, status(n2, 3000, volumes));
                send(kafka, status(n3, 3000, volumes));
                await().atMost(WAIT).until(() -> service.instance().status().nodes().keySet()
                        .containsAll(List.of(n1, n2, n3, n4)));
                String defineA = send(kafka, new AdminEvent.GroupDefined(spec(a))).eventId();
                String defineB = send(kafka, new AdminEvent.GroupDefined(spec(b))).eventId();
                String failN1 = send(kafka, failed(n1)).eventId();
                Envelope<?> first = planOf(kafka, failN1);
                planOf(kafka, defineA);
                planOf(kafka, defineB);
                String firstTarget = ((FailoverPlanned) first.payload()).assignments().get(0).toNodeId();
                assertThat(first.source()).isEqualTo("placement-service/" + service.instance().instanceId());
                await().atMost(WAIT).until(() -> standby.status().reservations().stream()
                        .anyMatch(r -> r.groupId().equals(a)));

                service.instance().stop();
                await().atMost(WAIT).until(() -> standby.status().role() == Role.LEADER);
                String failN4 = send(kafka, failed(n4)).eventId();
                Envelope<?> second = planOf(kafka, failN4);

                assertThat(second.source()).isEqualTo("placement-service/standby-" + run);
                assertThat(((FailoverPlanned) second.payload()).assignments()).extracting(Assignment::toNodeId)
                        .as("the standby counts the capacity the first leader booked on %s", firstTarget)
                        .containsExactly(firstTarget.equals(n2) ? n3 : n2);
                assertThat(kafka.readAll(Topics.PLACEMENT_DECISIONS).stream()
                        .filter(e -> e.payload() instanceof FailoverPlanned p
                                && failN1.equals(p.trigger().causeEventId())))
                        .as("the standby did not plan the first failure again").hasSize(1);
            } finally {
                standby.stop();
                service.instance().start();
                awaitLeader();
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestResource.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static void publish(KafkaProducer<String, byte[]> producer, Envelope<? extends PlacementDecision> plan) {
        try {
            producer.send(new ProducerRecord<>(Topics.PLACEMENT_DECISIONS, plan.key(), EventCodec.encode(plan)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing " + plan.eventId() + " failed", e);
        }
    }

    private static Envelope<?> send(TestKafka kafka, EventPayload payload) {
        Envelope<?> envelope = Envelope.wrap(payload, "test/takeover", Instant.now());
        kafka.send(envelope);
        return envelope;
    }

    private static Envelope<?> planOf(TestKafka kafka, String causeEventId) {
        return kafka.awaitEvents(Topics.PLACEMENT_DECISIONS, e -> e.payload() instanceof FailoverPlanned p
                && causeEventId.equals(p.trigger().causeEventId()), 1, WAIT).get(0);
    }

    private static NodeStatus status(String nodeId, long cpu, List<String> reachable, VolumeStatus... mounted) {
        return new NodeStatus(nodeId, "inc", 1, Instant.now(), NodeStatus.Mode.ACTIVE, new Resources(cpu, 8192),
                Resources.NONE, reachable, Arrays.stream(mounted).map(v -> new ContainerStatus(v.groupId() + "-c",
                        v.groupId(), ContainerState.RUNNING, "pid 1")).toList(),
                List.of(mounted), null);
    }

    private static GroupSpec spec(String groupId) {
        return new GroupSpec(groupId, "vol-" + groupId, List.of(new ContainerSpec(groupId + "-c", 2000, 1024,
                List.of())), 10, List.of(), List.of(), null, FailbackPolicy.NEVER);
    }

    private static NodeHealthEvent.NodeFailed failed(String nodeId) {
        return new NodeHealthEvent.NodeFailed(nodeId, "inc", Instant.now(), Instant.now(), "silent", 500, 2000);
    }
}

package io.hacluster.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.persistence.HistoryRepository;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;

/** Shared by the Quarkus tests: unique ids, events as agents and services send them, waiting for the consumers. */
final class Fixtures {

    static final Duration WAIT = Duration.ofSeconds(20);

    private Fixtures() {
    }

    /** A fresh id, so that tests sharing the broker and database never see each other's records. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Envelope<EventPayload> envelope(EventPayload payload) {
        return Envelope.wrap(payload, "test/" + UUID.randomUUID().toString().substring(0, 6), now());
    }

    /** Now, to the microsecond that the database keeps. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Sends the event and waits until the inventory has applied it (it is in the history). */
    static Envelope<EventPayload> deliver(TestKafka kafka, EventPayload payload) {
        Envelope<EventPayload> e = envelope(payload);
        deliver(kafka, e);
        return e;
    }

    static void deliver(TestKafka kafka, Envelope<?> envelope) {
        kafka.send(envelope);
        awaitApplied(envelope.eventId());
    }

    /**
     * Sends an event again and waits until the inventory has consumed it: a record of a type it does not know
     * follows on the same partition (same topic and key), and once that one is in the history, the replay before it
     * has been consumed too.
     */
    static void replay(TestKafka kafka, Envelope<?> envelope) {
        kafka.send(envelope);
        String markerId = UUID.randomUUID().toString();
        String marker = "{\"eventId\":\"" + markerId + "\",\"type\":\"TestMarker\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"" + Instant.now() + "\",\"source\":\"test/marker\",\"payload\":{}}";
        kafka.sendRaw(envelope.topic(), envelope.key(), marker.getBytes(StandardCharsets.UTF_8));
        awaitApplied(markerId);
    }

    private static void awaitApplied(String eventId) {
        HistoryRepository history = Arc.container().instance(HistoryRepository.class).get();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> history.findById(eventId) != null));
    }

    /** A status as an agent sends it: what runs on the node and what it has mounted. */
    static NodeStatus status(String nodeId, String incarnation, long seq, List<ContainerStatus> containers,
            List<VolumeStatus> volumes) {
        return new NodeStatus(nodeId, incarnation, seq, now(), NodeStatus.Mode.ACTIVE,
                new Resources(4000, 8192), new Resources(750, 768), List.of(), containers, volumes, null);
    }

    static NodeStatus emptyStatus(String nodeId) {
        return status(nodeId, "inc-1", 1, List.of(), List.of());
    }

    /** A status of a node that runs every container of a group on its mounted volume. */
    static NodeStatus hosting(String nodeId, long seq, String groupId, String volumeId, long epoch,
            String... containerIds) {
        List<ContainerStatus> cs = new ArrayList<>();
        for (String c : containerIds) {
            cs.add(new ContainerStatus(c, groupId, ContainerState.RUNNING, "pid 1"));
        }
        return status(nodeId, "inc-1", seq, cs, List.of(new VolumeStatus(volumeId, groupId, epoch)));
    }

    /** A group definition as the REST API takes it. */
    static Map<String, Object> group(String groupId, String volumeId, String... containerIds) {
        List<Map<String, Object>> cs = new ArrayList<>();
        for (String c : containerIds) {
            cs.add(Map.of("containerId", c, "cpuMillis", 500, "memoryMb", 512));
        }
        return Map.of("groupId", groupId, "volumeId", volumeId, "containers", cs, "priority", 10);
    }

    /** Defines a group over REST. */
    static void define(Map<String, Object> group) {
        given().contentType(ContentType.JSON).body(group).when().post("/api/v1/groups").then().statusCode(201);
    }

    /** Waits until the assertion holds (the consumers and the outbox work asynchronously). */
    static void eventually(Runnable assertion) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion::run);
    }

    /** A group of one container, running on its own node. */
    record Hosted(String node, String group, String volume, String container) {
    }

    /** Defines a group and delivers a status of a new node that runs it; the group is ONLINE there. */
    static Hosted hostedGroup(TestKafka kafka) {
        Hosted h = new Hosted(unique("node"), unique("g"), unique("vol"), unique("c"));
        define(group(h.group(), h.volume(), h.container()));
        deliver(kafka, hosting(h.node(), 1, h.group(), h.volume(), 1, h.container()));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", org.hamcrest.Matchers.is("ONLINE"));
        return h;
    }
}

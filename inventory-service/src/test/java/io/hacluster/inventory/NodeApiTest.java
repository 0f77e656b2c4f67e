package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.envelope;
import static io.hacluster.inventory.Fixtures.eventually;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.replay;
import static io.hacluster.inventory.Fixtures.status;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class NodeApiTest {

    static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void shouldShowANodeWithItsCapacityUsageAndWhatItHosts() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 3, c));

        given().when().get("/api/v1/nodes/{id}", node)
                .then().statusCode(200)
                .body("nodeId", is(node)).body("state", is("ACTIVE")).body("liveness", is("ALIVE"))
                .body("maintenance", is("NONE")).body("incarnation", is("inc-1"))
                .body("capacity.cpuMillis", is(4000)).body("capacity.memoryMb", is(8192))
                .body("usage.cpuMillis", is(750)).body("usage.memoryMb", is(768))
                .body("groups", contains(g)).body("containers.containerId", contains(c))
                .body("containers[0].state", is("RUNNING")).body("volumes[0].volumeId", is(v))
                .body("volumes[0].epoch", is(3)).body("lastStatusAt", notNullValue())
                .body("selfFenced", is(false)).body("lastSelfFence", nullValue());
        given().when().get("/api/v1/groups/{id}", g)
                .then().body("state", is("ONLINE")).body("currentNodeId", is(node)).body("epoch", is(3))
                .body("containers[0].state", is("RUNNING")).body("containers[0].nodeId", is(node));
        given().when().get("/api/v1/containers/{id}", c)
                .then().body("nodeId", is(node)).body("state", is("RUNNING")).body("runningOn", contains(node));
        given().when().get("/api/v1/nodes?state=ACTIVE&size=500").then().statusCode(200)
                .body("items.nodeId", hasItem(node));
        given().when().get("/api/v1/nodes?state=FAILED&size=500").then().statusCode(200)
                .body("items.nodeId", not(hasItem(node)));
    }

    @Test
    void shouldAnswer404ForAnUnknownNode() {
        given().when().get("/api/v1/nodes/{id}", "nowhere")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", is("urn:ha-cluster:problem:not-found")).body("status", is(404))
                .body("detail", is("node nowhere is not known")).body("instance", is("/api/v1/nodes/nowhere"));
    }

    @Test
    void shouldApplyAReplayedStatusOnceAndIgnoreAnOlderOne() {
        String node = unique("node");
        String c = unique("c");
        Envelope<EventPayload> newer = envelope(status(node, "inc-1", 5,
                List.of(new ContainerStatus(c, null, ContainerState.RUNNING, "pid 7")), List.of()));
        deliver(kafka, newer);
        replay(kafka, newer);
        deliver(kafka, status(node, "inc-1", 4, List.of(), List.of()));

        given().when().get("/api/v1/nodes/{id}", node).then().body("containers.containerId", contains(c));
        given().when().get("/api/v1/history?key={k}&type=NodeStatus", node).then().body("total", is(2))
                .body("items[0].summary", containsString("older than the one held"));
    }

    @Test
    void shouldFollowTheMonitorFromSuspectToFailedToRejoinedEmpty() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 1, c));
        Instant now = now();

        deliver(kafka, new NodeHealthEvent.NodeSuspected(node, "inc-1", now, now, "silent for 1500 ms"));
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("SUSPECT"))
                .body("stateReason", containsString("silent for 1500 ms")).body("lastHeartbeatAt", notNullValue());
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"));

        deliver(kafka, new NodeHealthEvent.NodeRecovered(node, "inc-1", now, "SUSPECT"));
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("ACTIVE"));

        Envelope<EventPayload> failed = envelope(new NodeHealthEvent.NodeFailed(node, "inc-1", now,
                now.plusSeconds(3), "silent for 3000 ms", 500, 2000));
        deliver(kafka, failed);
        replay(kafka, failed);
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("FAILED"))
                .body("liveness", is("FAILED")).body("lastFailedAt", notNullValue());
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("OFFLINE"))
                .body("stateReason", is("node " + node + " failed; waiting for its failover"));
        given().when().get("/api/v1/history?key={k}&type=NodeFailed", node).then().body("total", is(1));

        deliver(kafka, new NodeHealthEvent.NodeRejoined(node, "inc-1", "inc-2", now.plusSeconds(60)));
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("ACTIVE"))
                .body("incarnation", is("inc-2")).body("lastRejoinedAt", notNullValue())
                .body("groups", empty()).body("containers", empty()).body("volumes", empty());
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("OFFLINE"))
                .body("currentNodeId", nullValue());
        // the new incarnation's first status is taken although its sequence starts again
        deliver(kafka, status(node, "inc-2", 1, List.of(), List.of()));
        given().when().get("/api/v1/history?key={k}&type=NodeStatus", node).then()
                .body("items[0].summary", containsString("inc-2/1"));
    }

    @Test
    void shouldShowThatANodeFencedItself() {
        String node = unique("node");
        Instant at = now();
        deliver(kafka, new NodeStatus(node, "inc-1", 9, at, NodeStatus.Mode.SELF_FENCED, new Resources(1000, 1024),
                Resources.NONE, List.of("vol-x"), List.of(), List.of(),
                new NodeStatus.SelfFence(at, "no heartbeat delivered for 2000 ms", List.of("c-1"), List.of("vol-x"))));

        given().when().get("/api/v1/nodes/{id}", node).then().body("selfFenced", is(true))
                .body("lastSelfFence.reason", is("no heartbeat delivered for 2000 ms"))
                .body("lastSelfFence.stoppedContainers", contains("c-1"))
                .body("lastSelfFence.releasedVolumes", contains("vol-x"))
                .body("reachableVolumes", contains("vol-x"));
    }

    @Test
    void shouldShowAnActiveMonitorAlertInTheClusterSummary() {
        String silent = unique("node");
        deliver(kafka, new NodeHealthEvent.MonitorAlert(NodeHealthEvent.MonitorAlert.Kind.MASS_SILENCE, true, 4, 10,
                0.3, now(), "4 of 10 nodes silent at once", List.of(silent)));
        given().when().get("/api/v1/cluster").then().statusCode(200)
                .body("monitorAlerts.kind", hasItem("MASS_SILENCE"))
                .body("monitorAlerts.silentNodeIds.flatten()", hasItem(silent));

        deliver(kafka, new NodeHealthEvent.MonitorAlert(NodeHealthEvent.MonitorAlert.Kind.MASS_SILENCE, false, 0, 10,
                0.3, now(), "cleared", List.of()));
        given().when().get("/api/v1/cluster").then().body("monitorAlerts", empty());
    }

    @Test
    void shouldParkUnreadableStatusAndHealthRecords() {
        assertThat(TestKafka.header(kafka.sendUnreadableAndAwaitParked(Topics.NODE_STATUS, "node-x"),
                "dead-letter-reason")).contains("envelope field");
        assertThat(TestKafka.header(kafka.sendUnreadableAndAwaitParked(Topics.NODE_HEALTH, "node-x"),
                "dead-letter-reason")).contains("envelope field");
        // the consumer goes on
        String node = unique("node");
        deliver(kafka, status(node, "inc-1", 1, List.of(), List.of()));
        eventually(() -> given().when().get("/api/v1/nodes/{id}", node).then().statusCode(200));
    }
}

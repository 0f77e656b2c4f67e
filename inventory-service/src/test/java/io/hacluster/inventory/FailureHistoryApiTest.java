package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.envelope;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.replay;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.PlacementDecision.GroupFailureRecorded;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The failures placement counts per group and node, and the operator clearing them. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class FailureHistoryApiTest {

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
    void shouldShowCountedFailuresPerNodeWithTheirCountAvoidanceAndReason() {
        String g = unique("g");
        String n2 = unique("node");
        String n3 = unique("node");
        String n4 = unique("node");
        define(group(g, unique("vol"), unique("c")));
        Instant t = now().minusSeconds(60);
        Instant avoidedUntil = t.plusSeconds(900);
        deliver(kafka, failure(g, n2, t, "container 101 exited (1)", 1, null));
        Envelope<EventPayload> second = envelope(failure(g, n2, t.plusSeconds(10), "container 101 failed its check",
                2, avoidedUntil));
        deliver(kafka, second);
        replay(kafka, second);
        deliver(kafka, failure(g, n3, t.plusSeconds(5), "mount refused", 1, null));
        // avoided once, for a while that has passed
        deliver(kafka, failure(g, n4, t.minusSeconds(7200), "start timed out", 2, t.minusSeconds(6300)));

        given().when().get("/api/v1/groups/{id}", g).then().statusCode(200)
                .body("failures.nodeId", contains(n2, n3, n4))
                .body("failures[0].count", is(2)).body("failures[0].threshold", is(2))
                .body("failures[0].lastFailureAt", is(t.plusSeconds(10).toString()))
                .body("failures[0].lastReason", is("container 101 failed its check"))
                .body("failures[0].avoided", is(true)).body("failures[0].avoidedUntil", is(avoidedUntil.toString()))
                .body("failures[0].recent.reason", contains("container 101 failed its check",
                        "container 101 exited (1)"))
                .body("failures[1].count", is(1)).body("failures[1].avoided", is(false))
                .body("failures[1].avoidedUntil", nullValue())
                .body("failures[2].count", is(2)).body("failures[2].avoided", is(false))
                .body("failures[2].avoidedUntil", nullValue());
        given().when().get("/api/v1/history?key={g}&type=GroupFailureRecorded", g).then().body("total", is(4))
                .body("items.find { it.eventId == '" + second.eventId() + "' }.summary", is(g + " failed on " + n2
                        + " (2 of 2): container 101 failed its check; " + n2 + " avoided until " + avoidedUntil));
    }

    @Test
    void shouldClearTheFailuresOfOneNodeOrAllAndPublishEachClear() {
        String g = unique("g");
        String n2 = unique("node");
        String n3 = unique("node");
        define(group(g, unique("vol"), unique("c")));
        Instant t = now().minusSeconds(30);
        deliver(kafka, failure(g, n2, t, "container 101 exited (1)", 2, t.plusSeconds(900)));
        deliver(kafka, failure(g, n3, t, "mount refused", 1, null));

        String requestId = given().contentType(ContentType.JSON).body(Map.of("nodeId", n2, "requestedBy", "alice"))
                .when().post("/api/v1/groups/{id}/clear", g).then().statusCode(202)
                .header("Location", containsString("/api/v1/requests/req-"))
                .body("kind", is("CLEAR")).body("groupId", is(g)).body("nodeId", is(n2))
                .body("requestedBy", is("alice")).body("status", is("COMPLETED"))
                .body("detail", is("failures of group " + g + " on " + n2 + " cleared (1 removed)"))
                .extract().path("requestId");
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupFailuresCleared c
                && c.requestId().equals(requestId) && c.groupId().equals(g) && n2.equals(c.nodeId())
                && "alice".equals(c.requestedBy()), 1, Duration.ofSeconds(20));
        given().when().get("/api/v1/groups/{id}", g).then().body("failures.nodeId", contains(n3));

        // a failure counted before the clear that arrives after it (a replay, a slow consumer) stays cleared
        deliver(kafka, failure(g, n2, t.plusSeconds(1), "container 101 exited (1)", 3, t.plusSeconds(900)));
        given().when().get("/api/v1/groups/{id}", g).then().body("failures.nodeId", contains(n3));

        String allId = given().when().post("/api/v1/groups/{id}/clear", g).then().statusCode(202)
                .body("nodeId", nullValue()).body("requestedBy", is("api")).body("status", is("COMPLETED"))
                .extract().path("requestId");
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupFailuresCleared c
                && c.requestId().equals(allId) && c.nodeId() == null, 1, Duration.ofSeconds(20));
        given().when().get("/api/v1/groups/{id}", g).then().body("failures", empty());

        // a failure after the clear is shown again, with placement's fresh count
        deliver(kafka, failure(g, n2, now().plusSeconds(1), "container 101 exited (1)", 1, null));
        given().when().get("/api/v1/groups/{id}", g).then().body("failures.nodeId", contains(n2))
                .body("failures[0].count", is(1));
    }

    @Test
    void shouldRefuseToClearAnUnknownGroupOrABadNode() {
        given().when().post("/api/v1/groups/{id}/clear", "no-such-group").then().statusCode(404)
                .contentType("application/problem+json").body("detail", is("group no-such-group is not known"));
        String g = unique("g");
        define(group(g, unique("vol"), unique("c")));
        given().contentType(ContentType.JSON).body(Map.of("nodeId", "no/slash"))
                .when().post("/api/v1/groups/{id}/clear", g).then().statusCode(400)
                .body("errors.field", contains("nodeId"));
        given().contentType(ContentType.JSON).body(Map.of("node", "n1"))
                .when().post("/api/v1/groups/{id}/clear", g).then().statusCode(400)
                .body("errors.field", contains("node"));
    }

    @Test
    void shouldApplyAClearPublishedByAnotherTool() {
        String g = unique("g");
        String n2 = unique("node");
        define(group(g, unique("vol"), unique("c")));
        deliver(kafka, failure(g, n2, now().minusSeconds(5), "container 101 exited (1)", 1, null));
        String requestId = unique("req");
        deliver(kafka, new AdminEvent.GroupFailuresCleared(requestId, g, null, "ops-tool"));

        given().when().get("/api/v1/groups/{id}", g).then().body("failures", empty());
        given().when().get("/api/v1/requests/{id}", requestId).then().body("kind", is("CLEAR"))
                .body("status", is("COMPLETED")).body("requestedBy", is("ops-tool"));
    }

    private static GroupFailureRecorded failure(String groupId, String nodeId, Instant at, String reason, int count,
            Instant avoidedUntil) {
        return new GroupFailureRecorded(unique("fail"), groupId, nodeId, at, reason, count, 2, avoidedUntil);
    }
}

package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.emptyStatus;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OperatorActionsTest {

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
    void shouldDrainANodeUntilItsDrainFailoverCompletesThenKeepItInMaintenanceUntilResumed() {
        String node = unique("node");
        String target = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 1, c));
        deliver(kafka, emptyStatus(target));

        String requestId = given().contentType(ContentType.JSON).body(Map.of("requestedBy", "alice"))
                .when().post("/api/v1/nodes/{id}/drain", node)
                .then().statusCode(202).header("Location", containsString("/api/v1/requests/req-"))
                .body("kind", is("DRAIN")).body("nodeId", is(node)).body("status", is("ACCEPTED"))
                .body("requestedBy", is("alice"))
                .extract().path("requestId");
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("DRAINING"))
                .body("maintenance", is("DRAINING")).body("drainRequestId", is(requestId))
                .body("stateReason", containsString("drain requested by alice"));
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.NodeDrainRequested d
                && d.requestId().equals(requestId) && d.nodeId().equals(node) && d.requestedBy().equals("alice"), 1,
                Duration.ofSeconds(20));
        given().when().post("/api/v1/nodes/{id}/drain", node).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", is("node " + node + " is already draining (request " + requestId + ")"));
        given().when().post("/api/v1/nodes/{id}/resume", target).then().statusCode(409)
                .body("detail", is("node " + target + " is neither draining nor in maintenance"));

        // placement plans the drain, the executor carries it out
        String fo = unique("fo");
        Trigger trigger = new Trigger(TriggerKind.NODE_DRAIN, node, null, requestId, unique("evt"), null, null);
        Instant t = now();
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, node,
                List.of(new Assignment(g, v, node, target, 10, List.of(), List.of())), List.of(), t));
        given().when().get("/api/v1/requests/{id}", requestId).then().body("status", is("PLANNED"))
                .body("failoverId", is(fo));
        deliver(kafka, new FailoverEvent.FailoverStarted(fo, trigger, node, List.of(g), t, t, t));
        deliver(kafka, new FailoverEvent.GroupRelocated(fo, g, node, target, 2, t, t.plusMillis(800), List.of(c)));
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("DRAINING"));
        deliver(kafka, new FailoverEvent.FailoverCompleted(fo, 1, 0,
                new FailoverEvent.Timings(t, t, t, null, t.plusMillis(900))));

        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("MAINTENANCE"))
                .body("stateReason", is("drain failover " + fo + " completed")).body("groups", empty());
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(target));
        given().when().get("/api/v1/failovers/{id}", fo).then().body("trigger.kind", is("NODE_DRAIN"))
                .body("trigger.requestId", is(requestId)).body("fencedAt", nullValue()).body("fencing", nullValue());
        given().when().get("/api/v1/requests/{id}", requestId).then().body("status", is("COMPLETED"))
                .body("detail", containsString("1 groups relocated"));
        given().when().post("/api/v1/nodes/{id}/drain", node).then().statusCode(409)
                .body("detail", is("node " + node + " is already in maintenance"));

        String resumeId = given().when().post("/api/v1/nodes/{id}/resume", node)
                .then().statusCode(202).body("kind", is("RESUME")).body("status", is("COMPLETED"))
                .body("requestedBy", is("api")).extract().path("requestId");
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("ACTIVE"))
                .body("maintenance", is("NONE")).body("drainRequestId", nullValue());
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.NodeResumeRequested r
                && r.requestId().equals(resumeId), 1, Duration.ofSeconds(20));
    }

    @Test
    void shouldPutANodeThatHostsNothingInMaintenanceAtOnce() {
        String node = unique("node");
        deliver(kafka, emptyStatus(node));
        given().when().post("/api/v1/nodes/{id}/drain", node).then().statusCode(202).body("status", is("COMPLETED"));
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("MAINTENANCE"));
    }

    @Test
    void shouldRefuseToDrainAFailedSuspectOrUnknownNode() {
        String failed = unique("node");
        String suspect = unique("node");
        Instant t = now();
        deliver(kafka, new NodeHealthEvent.NodeFailed(failed, "inc-1", t, t, "silent", 500, 2000));
        deliver(kafka, new NodeHealthEvent.NodeSuspected(suspect, "inc-1", t, t, "late"));

        given().when().post("/api/v1/nodes/{id}/drain", failed).then().statusCode(409)
                .body("type", is("urn:ha-cluster:problem:conflict"))
                .body("detail", is("node " + failed + " is FAILED: its groups are moved by failover, not by a drain"));
        given().when().post("/api/v1/nodes/{id}/drain", suspect).then().statusCode(409)
                .body("detail", containsString("SUSPECT"));
        given().when().post("/api/v1/nodes/{id}/drain", "nobody").then().statusCode(404)
                .body("detail", is("node nobody is not known"));
        given().when().post("/api/v1/nodes/{id}/resume", "nobody").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("requestedBy", ""))
                .when().post("/api/v1/nodes/{id}/drain", failed).then().statusCode(400)
                .body("errors.field", contains("requestedBy"));
        given().contentType(ContentType.JSON).body(Map.of("requestedby", "alice"))
                .when().post("/api/v1/nodes/{id}/drain", failed).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("requestedby"));
        given().contentType(ContentType.JSON).body("{\"requestedBy\": ")
                .when().post("/api/v1/nodes/{id}/resume", failed).then().statusCode(400)
                .body("errors.field", contains("body"));
    }

    @Test
    void shouldAcceptAMoveToAnActiveNodeAndShowTheGroupMovingUntilItIsPlanned() {
        String from = unique("node");
        String to = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(from, 1, g, v, 1, c));
        deliver(kafka, emptyStatus(to));

        String requestId = given().contentType(ContentType.JSON).body(Map.of("targetNodeId", to))
                .when().post("/api/v1/groups/{id}/move", g)
                .then().statusCode(202).header("Location", containsString("/api/v1/requests/req-")).body("kind", is("MOVE"))
                .body("groupId", is(g))
                .body("targetNodeId", is(to)).body("status", is("ACCEPTED")).extract().path("requestId");
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("MOVING"))
                .body("pendingRequestId", is(requestId)).body("stateReason", containsString("move to " + to));
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupMoveRequested m
                && m.requestId().equals(requestId) && to.equals(m.targetNodeId()), 1, Duration.ofSeconds(20));
        given().contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/groups/{id}/move", g).then().statusCode(409)
                .body("detail", is("group " + g + " is already moving"));

        String fo = unique("fo");
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo,
                new Trigger(TriggerKind.GROUP_MOVE, null, g, requestId, unique("evt"), null, null), from,
                List.of(new Assignment(g, v, from, to, 10, List.of(), List.of())), List.of(), now()));
        given().when().get("/api/v1/groups/{id}", g).then().body("pendingRequestId", nullValue())
                .body("state", is("MOVING")).body("stateReason", containsString("failover " + fo));
        given().when().get("/api/v1/requests/{id}", requestId).then().body("status", is("PLANNED"))
                .body("failoverId", is(fo));
        given().when().get("/api/v1/groups/{id}", g).then().body("lastFailoverId", is(fo));
    }

    @Test
    void shouldRefuseAMoveThatCannotBeCarriedOut() {
        String from = unique("node");
        String drained = unique("node");
        String other = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        Map<String, Object> body = new HashMap<>(group(g, v, c));
        body.put("possibleOwners", List.of(from, drained));
        define(body);
        deliver(kafka, hosting(from, 1, g, v, 1, c));
        deliver(kafka, emptyStatus(drained));
        deliver(kafka, emptyStatus(other));
        given().when().post("/api/v1/nodes/{id}/drain", drained).then().statusCode(202);

        move(g, "ghost").then().statusCode(409).body("errors.field", contains("targetNodeId"))
                .body("detail", is("node ghost is not known to the cluster"));
        move(g, drained).then().statusCode(409)
                .body("detail", is("node " + drained + " is MAINTENANCE: a group moves only to an ACTIVE node"));
        move(g, from).then().statusCode(409).body("detail", is("group " + g + " already runs on node " + from));
        move(g, other).then().statusCode(409).body("detail", containsString("not among the possible owners"));
        move(g, "not valid!").then().statusCode(400).body("errors.field", contains("targetNodeId"));
        move("no-such-group", other).then().statusCode(404).body("detail", is("group no-such-group is not known"));
        given().when().get("/api/v1/requests/{id}", "req-unknown").then().statusCode(404);

        // no body at all: wherever placement chooses
        given().when().post("/api/v1/groups/{id}/move", g).then().statusCode(202).body("targetNodeId", nullValue())
                .body("kind", is("MOVE"));
    }

    private static io.restassured.response.Response move(String groupId, String target) {
        return given().contentType(ContentType.JSON).body(Map.of("targetNodeId", target))
                .when().post("/api/v1/groups/{id}/move", groupId);
    }
}

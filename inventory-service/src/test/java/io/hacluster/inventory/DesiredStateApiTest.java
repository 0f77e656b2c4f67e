package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.emptyStatus;
import static io.hacluster.inventory.Fixtures.envelope;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.replay;
import static io.hacluster.inventory.Fixtures.status;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.DesiredState;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.FailoverEvent;
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
import io.restassured.response.Response;

/** Stop, start and unmanage: what the operator wants of a group, and how the inventory shows it being carried out. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DesiredStateApiTest {

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
    void shouldStopARunningGroupShowItStoppingAndCompleteTheStopOnceItRunsNowhere() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 3, c));

        String requestId = action(g, "stop", "alice").then().statusCode(202)
                .header("Location", containsString("/api/v1/requests/req-")).body("kind", is("STOP"))
                .body("groupId", is(g)).body("requestedBy", is("alice")).body("status", is("ACCEPTED"))
                .extract().path("requestId");
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupDesiredStateChanged d
                && d.requestId().equals(requestId) && d.groupId().equals(g) && d.desiredState() == DesiredState.OFFLINE
                && "alice".equals(d.requestedBy()), 1, Duration.ofSeconds(20));
        given().when().get("/api/v1/groups/{id}", g).then().body("desiredState", is("OFFLINE"))
                .body("desiredStateRequestId", is(requestId)).body("desiredStateBy", is("alice"))
                .body("state", is("STOPPING"))
                .body("stateReason", is("stop requested by alice (" + requestId + "); still on " + node
                        + ", waiting for placement to stop it"));
        action(g, "stop", "bob").then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:ha-cluster:problem:conflict"))
                .body("detail", is("group " + g + " already has desired state OFFLINE: it is stopped or being stopped "
                        + "(set by alice in " + requestId + ")"));
        given().when().get("/api/v1/groups?desiredState=OFFLINE&size=500").then().body("items.groupId", hasItem(g));

        // the node reports the group gone: it runs nowhere
        deliver(kafka, status(node, "inc-1", 2, List.of(), List.of()));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("STOPPED"))
                .body("stateReason", is("stopped by alice (" + requestId + ")")).body("currentNodeId", nullValue());
        given().when().get("/api/v1/requests/{id}", requestId).then().body("status", is("COMPLETED"))
                .body("detail", is("group " + g + " runs nowhere: stopped"));
        given().when().get("/api/v1/cluster").then().body("groups.byState.STOPPED", greaterThanOrEqualTo(1));
    }

    @Test
    void shouldStartAStoppedGroupAndCompleteTheStartOnceThePlanBringsItOnline() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, emptyStatus(node));
        String stopId = action(g, "stop", null).then().statusCode(202).body("status", is("COMPLETED"))
                .body("requestedBy", is("api")).extract().path("requestId");
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("STOPPED"))
                .body("stateReason", is("stopped by api (" + stopId + ")"));

        String startId = action(g, "start", "bob").then().statusCode(202).body("kind", is("START"))
                .body("status", is("ACCEPTED")).extract().path("requestId");
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupDesiredStateChanged d
                && d.requestId().equals(startId) && d.desiredState() == DesiredState.ONLINE, 1,
                Duration.ofSeconds(20));
        given().when().get("/api/v1/groups/{id}", g).then().body("desiredState", is("ONLINE"))
                .body("state", is("OFFLINE")).body("stateReason", is("waiting for its first placement"));

        // the reconciler places it
        String fo = unique("fo");
        Instant t = now();
        Trigger trigger = new Trigger(TriggerKind.RECOVER, null, g, null, unique("evt"), null, null,
                "group " + g + " should run and runs nowhere");
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, null,
                List.of(new Assignment(g, v, null, node, 10, List.of(), List.of())), List.of(), t));
        given().when().get("/api/v1/requests/{id}", startId).then().body("status", is("PLANNED"))
                .body("failoverId", is(fo));
        deliver(kafka, new FailoverEvent.GroupRelocated(fo, g, null, node, 1, t, t.plusMillis(300), List.of(c)));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(node));
        given().when().get("/api/v1/requests/{id}", startId).then().body("status", is("COMPLETED"))
                .body("detail", is("running on " + node));
    }

    @Test
    void shouldUnmanageAGroupAtOnceLeaveItWhereItRunsAndManageItAgainWithStart() {
        String node = unique("node");
        String other = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 1, c));
        deliver(kafka, emptyStatus(other));

        String requestId = given().when().post("/api/v1/groups/{id}/unmanage", g).then().statusCode(202)
                .body("kind", is("UNMANAGE")).body("status", is("COMPLETED")).body("requestedBy", is("api"))
                .body("detail", is("the cluster neither starts, stops nor moves group " + g
                        + " until it is started again"))
                .extract().path("requestId");
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupDesiredStateChanged d
                && d.requestId().equals(requestId) && d.desiredState() == DesiredState.UNMANAGED
                && "api".equals(d.requestedBy()), 1, Duration.ofSeconds(20));
        given().when().get("/api/v1/groups/{id}", g).then().body("desiredState", is("UNMANAGED"))
                .body("state", is("ONLINE")).body("stateReason", is("running on " + node + "; unmanaged by api ("
                        + requestId + "): the cluster neither starts, stops nor moves it"));
        action(g, "unmanage", "alice").then().statusCode(409)
                .body("detail", is("group " + g + " is already unmanaged (set by api in " + requestId + ")"));
        given().contentType(ContentType.JSON).body(Map.of("targetNodeId", other))
                .when().post("/api/v1/groups/{id}/move", g).then().statusCode(409)
                .body("detail", containsString("is unmanaged"));

        action(g, "start", "alice").then().statusCode(202).body("kind", is("START")).body("status", is("COMPLETED"))
                .body("detail", is("running on " + node));
        given().when().get("/api/v1/groups/{id}", g).then().body("desiredState", is("ONLINE"))
                .body("state", is("ONLINE")).body("stateReason", is("running on " + node));
    }

    @Test
    void shouldFailAStopThatAStartOvertakes() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 1, c));

        String stopId = action(g, "stop", "alice").then().statusCode(202).extract().path("requestId");
        String startId = action(g, "start", "bob").then().statusCode(202).body("status", is("COMPLETED"))
                .extract().path("requestId");
        given().when().get("/api/v1/requests/{id}", stopId).then().body("status", is("FAILED"))
                .body("detail", is("superseded by " + startId + " (desired state ONLINE)"));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"));
    }

    @Test
    void shouldRefuseAnUnknownGroupTheDesiredStateItHasAndABadBody() {
        for (String verb : List.of("stop", "start", "unmanage")) {
            action("no-such-group", verb, "alice").then().statusCode(404)
                    .contentType("application/problem+json").body("detail", is("group no-such-group is not known"));
        }
        String g = unique("g");
        define(group(g, unique("vol"), unique("c")));
        action(g, "start", "alice").then().statusCode(409)
                .body("detail", is("group " + g + " already has desired state ONLINE"));
        action(g, "stop", "").then().statusCode(400).body("errors.field", contains("requestedBy"));
        given().contentType(ContentType.JSON).body(Map.of("requestedby", "alice"))
                .when().post("/api/v1/groups/{id}/stop", g).then().statusCode(400)
                .body("errors.field", contains("requestedby"));
        given().when().get("/api/v1/groups/{id}", g).then().body("desiredState", is("ONLINE"))
                .body("desiredStateRequestId", nullValue());
    }

    @Test
    void shouldApplyAStopPublishedByAnotherToolOnce() {
        String g = unique("g");
        define(group(g, unique("vol"), unique("c")));
        String requestId = unique("req");
        Envelope<EventPayload> stop = envelope(new AdminEvent.GroupDesiredStateChanged(requestId, g,
                DesiredState.OFFLINE, "ops-tool"));
        deliver(kafka, stop);
        replay(kafka, stop);

        given().when().get("/api/v1/groups/{id}", g).then().body("desiredState", is("OFFLINE"))
                .body("state", is("STOPPED")).body("stateReason", is("stopped by ops-tool (" + requestId + ")"));
        given().when().get("/api/v1/requests/{id}", requestId).then().body("kind", is("STOP"))
                .body("requestedBy", is("ops-tool")).body("status", is("COMPLETED"));
        given().when().get("/api/v1/history?key={g}&type=GroupDesiredStateChanged", g).then().body("total", is(1))
                .body("items[0].summary", is("group " + g + ": desired state ONLINE -> OFFLINE, requested by "
                        + "ops-tool"));
        given().when().get("/api/v1/groups?state=STOPPED&size=500").then().body("items.groupId", hasItem(g));
    }

    private static Response action(String groupId, String verb, String requestedBy) {
        var request = given();
        if (requestedBy != null) {
            request = request.contentType(ContentType.JSON).body(Map.of("requestedBy", requestedBy));
        }
        return request.when().post("/api/v1/groups/{id}/" + verb, groupId);
    }
}

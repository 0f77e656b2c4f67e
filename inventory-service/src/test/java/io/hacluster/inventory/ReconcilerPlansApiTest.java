package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.emptyStatus;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.status;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Release;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.VolumeStatus;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The reconciler's plans as the operator sees them: restarts in place, stops, recoveries and relocations. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ReconcilerPlansApiTest {

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
    void shouldShowARestartInPlaceAsRestartingAndLeaveTheGroupOnlineOnItsNodeUnderTheSameEpoch() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c1 = unique("c");
        String c2 = unique("c");
        define(group(g, v, c1, c2));
        deliver(kafka, hosting(node, 1, g, v, 5, c1, c2));
        deliver(kafka, status(node, "inc-1", 2, List.of(new ContainerStatus(c1, g, ContainerState.RUNNING, "pid 1"),
                new ContainerStatus(c2, g, ContainerState.FAILED, "exited 1")), List.of(new VolumeStatus(v, g, 5))));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("DEGRADED"));

        String fo = unique("fo");
        Instant t = now();
        Trigger trigger = new Trigger(TriggerKind.RESTART, node, g, null, unique("evt"), null, null,
                "container " + c2 + " failed on " + node + " (exited 1)");
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, node,
                List.of(new Assignment(g, v, node, node, 10, List.of(new ContainerSpec(c1, 500, 512, List.of()),
                        new ContainerSpec(c2, 500, 512, List.of())), List.of(), 5, c2)),
                List.of(), t));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("RESTARTING"))
                .body("stateReason", is("failover " + fo + " is restarting it on " + node + " from container " + c2))
                .body("lastFailoverId", is(fo));
        deliver(kafka, new FailoverEvent.FailoverStarted(fo, trigger, node, List.of(g), t, t, t.plusMillis(5)));
        deliver(kafka, new FailoverEvent.GroupStepChanged(fo, g, "STARTING", "ENTERED", node, t.plusMillis(50),
                "starting " + c2));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("RESTARTING"))
                .body("stateReason", containsString("(step STARTING)"));
        given().when().get("/api/v1/cluster").then().body("groups.byState", hasKey("RESTARTING"))
                .body("failoversInProgress.find { it.failoverId == '" + fo + "' }.trigger.kind", is("RESTART"));
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/groups/{id}/move", g).then()
                .statusCode(409).body("detail", is("group " + g + " is being restarted where it runs; move it once "
                        + "that has ended"));

        deliver(kafka, new FailoverEvent.GroupRelocated(fo, g, node, node, 5, t, t.plusMillis(400), List.of(c1, c2)));
        deliver(kafka, new FailoverEvent.FailoverCompleted(fo, 1, 0,
                new FailoverEvent.Timings(null, t, t.plusMillis(5), null, t.plusMillis(401))));

        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"))
                .body("stateReason", is("running on " + node)).body("currentNodeId", is(node)).body("epoch", is(5))
                .body("mountedOn", contains(node)).body("containers.state", contains("RUNNING", "RUNNING"))
                .body("containers.nodeId", contains(node, node));
        given().when().get("/api/v1/failovers/{id}", fo).then().body("state", is("COMPLETED"))
                .body("trigger.kind", is("RESTART")).body("trigger.groupId", is(g))
                .body("trigger.reason", is("container " + c2 + " failed on " + node + " (exited 1)"))
                .body("trigger.evidence", nullValue())
                .body("groups[0].action", is("RESTART")).body("groups[0].restartFrom", is(c2))
                .body("groups[0].fromNodeId", is(node)).body("groups[0].targetNodeId", is(node))
                .body("groups[0].outcome", is("ONLINE")).body("groups[0].epoch", is(5));
        given().when().get("/api/v1/history?key={fo}&type=GroupRelocated", fo).then()
                .body("items[0].summary", is(g + " online again on " + node + " (restarted in place, epoch 5)"));
    }

    @Test
    void shouldStopAGroupByAGroupStopPlanAndKeepItStoppedAgainstAnOlderStatus() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 3, c));
        String requestId = given().contentType(ContentType.JSON).body(Map.of("requestedBy", "alice"))
                .when().post("/api/v1/groups/{id}/stop", g).then().statusCode(202).extract().path("requestId");

        String fo = unique("fo");
        Instant t = now();
        Trigger trigger = new Trigger(TriggerKind.GROUP_STOP, node, g, null, unique("evt"), null, null,
                "group " + g + " is to be OFFLINE and runs on " + node);
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, node, List.of(), List.of(), t,
                List.of(new Release(g, v, node, 3, List.of(new ContainerSpec(c, 500, 512, List.of()))))));
        given().when().get("/api/v1/requests/{id}", requestId).then().body("status", is("PLANNED"))
                .body("failoverId", is(fo)).body("detail", is("failover " + fo + " stops it on " + node));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("STOPPING"))
                .body("stateReason", is("failover " + fo + " is stopping it on " + node));
        given().when().get("/api/v1/failovers/{id}", fo).then().body("trigger.kind", is("GROUP_STOP"))
                .body("trigger.reason", is("group " + g + " is to be OFFLINE and runs on " + node))
                .body("groups[0].action", is("STOP")).body("groups[0].fromNodeId", is(node))
                .body("groups[0].targetNodeId", nullValue()).body("groups[0].epoch", is(3))
                .body("groups[0].outcome", is("PLANNED")).body("groups[0].containerIds", contains(c));

        deliver(kafka, new FailoverEvent.FailoverStarted(fo, trigger, node, List.of(g), t, t, t.plusMillis(2)));
        deliver(kafka, new FailoverEvent.GroupStepChanged(fo, g, "STOPPING", "ENTERED", node, t.plusMillis(3),
                "stopping " + c));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("STOPPING"))
                .body("stateReason", is("failover " + fo + " is stopping it on " + node + " (step STOPPING)"));
        Instant stoppedAt = t.plusMillis(600);
        deliver(kafka, new FailoverEvent.GroupStopped(fo, g, node, stoppedAt));
        // a status the node sent before the stop arrives late: it does not bring the group back
        deliver(kafka, new NodeStatus(node, "inc-1", 2, stoppedAt.minusMillis(100), NodeStatus.Mode.ACTIVE, null, null,
                List.of(), List.of(new ContainerStatus(c, g, ContainerState.RUNNING, "pid 1")),
                List.of(new VolumeStatus(v, g, 3)), null));
        deliver(kafka, new FailoverEvent.FailoverCompleted(fo, 0, 0,
                new FailoverEvent.Timings(null, t, t.plusMillis(2), null, stoppedAt.plusMillis(1))));

        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("STOPPED"))
                .body("stateReason", is("stopped by alice (" + requestId + ")")).body("currentNodeId", nullValue())
                .body("mountedOn", empty()).body("epoch", nullValue());
        given().when().get("/api/v1/containers/{id}", c).then().body("runningOn", empty());
        given().when().get("/api/v1/failovers/{id}", fo).then().body("state", is("COMPLETED"))
                .body("groups[0].outcome", is("STOPPED")).body("groups[0].stoppedAt", is(stoppedAt.toString()));
        given().when().get("/api/v1/requests/{id}", requestId).then().body("status", is("COMPLETED"))
                .body("detail", is("stopped by failover " + fo));
        given().when().get("/api/v1/nodes/{id}", node).then().body("groups", empty());
    }

    @Test
    void shouldFailAStopWhoseStepFailedWithTheExecutorsReason() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 2, c));
        String requestId = given().when().post("/api/v1/groups/{id}/stop", g).then().statusCode(202)
                .extract().path("requestId");
        String fo = unique("fo");
        Instant t = now();
        Trigger trigger = new Trigger(TriggerKind.GROUP_STOP, node, g, null, unique("evt"), null, null,
                "group " + g + " is to be OFFLINE");
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, node, List.of(), List.of(), t,
                List.of(new Release(g, v, node, 2, List.of()))));
        deliver(kafka, new FailoverEvent.GroupStepChanged(fo, g, "STOPPING", "FAILED", node, t.plusSeconds(30),
                "container " + c + " did not stop within 30 s"));

        given().when().get("/api/v1/failovers/{id}", fo).then().body("groups[0].outcome", is("FAILED"))
                .body("groups[0].reason", is("container " + c + " did not stop within 30 s"));
        given().when().get("/api/v1/requests/{id}", requestId).then().body("status", is("FAILED"))
                .body("detail", is("failover " + fo + " could not stop it: container " + c + " did not stop within "
                        + "30 s"));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("STOPPING"))
                .body("currentNodeId", is(node));
    }

    @Test
    void shouldShowARecoveryWithItsReasonEvidenceAndEveryTargetThatCouldNotRunTheGroup() {
        String failed = unique("node");
        String refusing = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, emptyStatus(refusing));
        String fo = unique("fo");
        Instant t = now();
        Trigger trigger = new Trigger(TriggerKind.RECOVER, failed, g, null, unique("evt"),
                new NodeFailure("inc-1", t.minusSeconds(4), t.minusSeconds(1), 2000, "silent for 3000 ms"), null,
                "group " + g + " should run; it was last on failed node " + failed);
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, failed,
                List.of(new Assignment(g, v, failed, refusing, 10, List.of(), List.of())), List.of(), t));
        deliver(kafka, new FailoverEvent.GroupTargetFailed(fo, g, refusing, "mount refused: epoch 4 is older than 5",
                t.plusMillis(200)));

        given().when().get("/api/v1/failovers/{id}", fo).then().body("trigger.kind", is("RECOVER"))
                .body("trigger.reason", is("group " + g + " should run; it was last on failed node " + failed))
                .body("trigger.evidence", is("silent for 3000 ms")).body("detectedAt", is(t.minusSeconds(1).toString()))
                .body("groups[0].action", is("MOVE"))
                .body("groups[0].detail", is("node " + refusing + " could not run it: mount refused: epoch 4 is older "
                        + "than 5"))
                .body("groups[0].steps.step", contains("TARGET_FAILED"))
                .body("groups[0].steps[0].state", is("FAILED")).body("groups[0].steps[0].targetNodeId", is(refusing))
                .body("groups[0].steps[0].detail", is("mount refused: epoch 4 is older than 5"));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("MOVING"));
        given().when().get("/api/v1/history?key={fo}&type=FailoverPlanned", fo).then()
                .body("items[0].summary", is("plan " + fo + " (RECOVER of group " + g + ": group " + g
                        + " should run; it was last on failed node " + failed + "): " + g + " -> " + refusing));
    }

    @Test
    void shouldEndADrainWhenARelocationMovesTheLastGroupOffTheNode() {
        String node = unique("node");
        String target = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 1, c));
        deliver(kafka, emptyStatus(target));
        String drainId = given().when().post("/api/v1/nodes/{id}/drain", node).then().statusCode(202)
                .extract().path("requestId");

        String fo = unique("fo");
        Instant t = now();
        Trigger trigger = new Trigger(TriggerKind.RELOCATE, node, g, null, unique("evt"), null, null,
                "node " + node + " is draining");
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, node,
                List.of(new Assignment(g, v, node, target, 10, List.of(), List.of())), List.of(), t));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("MOVING"));
        deliver(kafka, new FailoverEvent.GroupRelocated(fo, g, node, target, 2, t, t.plusMillis(500), List.of(c)));
        deliver(kafka, new FailoverEvent.FailoverCompleted(fo, 1, 0,
                new FailoverEvent.Timings(null, t, t, null, t.plusMillis(501))));

        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("MAINTENANCE"));
        given().when().get("/api/v1/requests/{id}", drainId).then().body("status", is("COMPLETED"))
                .body("detail", is("node " + node + " hosts no group any more: failover " + fo
                        + " moved the last one"));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(target));
    }
}

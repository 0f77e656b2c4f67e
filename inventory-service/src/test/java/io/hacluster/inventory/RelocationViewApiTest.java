package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.emptyStatus;
import static io.hacluster.inventory.Fixtures.hostedGroup;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.replay;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.Candidate;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.Fixtures.Hosted;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A relocation as the API shows it while it happens: the old node's mount fenced from the moment the executor reports
 * the fence, never one volume on two nodes, the group MOVING from one node to the other, and a re-plan closed within
 * the failover it answers.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RelocationViewApiTest {

    static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** A failed node's group, planned to move to a new node {@code to}, and started by the executor. */
    record Failing(Hosted h, String to, String failoverId, Trigger trigger, Instant at) {
    }

    private Failing failing() {
        Hosted h = hostedGroup(kafka);
        String to = unique("node");
        deliver(kafka, emptyStatus(to));
        Instant t = now();
        deliver(kafka, new NodeHealthEvent.NodeFailed(h.node(), "inc-1", t, t, "silent for 3000 ms", 500, 2000));
        String fo = unique("fo");
        Trigger trigger = new Trigger(TriggerKind.NODE_FAILED, h.node(), null, null, unique("evt"), null, null);
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo, trigger, h.node(),
                List.of(assignment(h, to, List.of(new Candidate(to, true, null, 0, 3000, 7168, true)))), List.of(),
                t));
        deliver(kafka, new FailoverEvent.FailoverStarted(fo, trigger, h.node(), List.of(h.group()), t, t, t));
        return new Failing(h, to, fo, trigger, t);
    }

    private static Assignment assignment(Hosted h, String to, List<Candidate> candidates) {
        return new Assignment(h.group(), h.volume(), h.node(), to, 10,
                List.of(new ContainerSpec(h.container(), 500, 512, List.of())), candidates);
    }

    @Test
    void shouldShowTheFailedNodesMountFencedFromTheFenceOnAndTheVolumeNeverOnTwoNodes() {
        Failing f = failing();
        Hosted h = f.h();
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("MOVING"))
                .body("stateReason", is("failover " + f.failoverId() + " is moving it from " + h.node() + " to "
                        + f.to()));
        given().when().get("/api/v1/volumes/{id}", h.volume()).then().body("mountedOn.nodeId", contains(h.node()))
                .body("mountedOn[0].state", is("MOUNTED")).body("fenced", empty());
        given().when().get("/api/v1/containers/{id}", h.container()).then().body("state", is("UNKNOWN"))
                .body("runningOn", empty());

        Instant fencedAt = f.at().plusMillis(40);
        deliver(kafka, new FailoverEvent.NodeFenced(f.failoverId(), h.node(), "storage-preemption",
                List.of(new FailoverEvent.FencingAttempt("storage-preemption", true, f.at(), fencedAt, "epoch 1 -> 2",
                        List.of(new FailoverEvent.EpochChange(h.volume(), 1, 2)))),
                fencedAt));
        given().when().get("/api/v1/volumes/{id}", h.volume()).then().body("mountedOn", empty())
                .body("currentNodeId", nullValue()).body("fenced.nodeId", contains(h.node()))
                .body("fenced[0].state", is("FENCED")).body("fenced[0].epoch", is(1))
                .body("fenced[0].fencedByEpoch", is(2)).body("fenced[0].fencedAt", is(fencedAt.toString()))
                .body("fenced[0].reason", containsString("fenced by failover " + f.failoverId()
                        + " (storage-preemption, epoch 2)"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("MOVING"))
                .body("mountedOn", empty()).body("fencedOn.nodeId", contains(h.node()))
                .body("fencedOn[0].fencedByEpoch", is(2));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("volumes[0].volumeId", is(h.volume()))
                .body("volumes[0].state", is("FENCED"));

        // the failed node, still up behind its partition, reports what it believes it holds: the fence stands
        deliver(kafka, hosting(h.node(), 2, h.group(), h.volume(), 1, h.container()));
        given().when().get("/api/v1/volumes/{id}", h.volume()).then().body("mountedOn", empty())
                .body("fenced.nodeId", contains(h.node()));

        // the new node reports the volume under the new epoch before the executor reports the group online
        deliver(kafka, hosting(f.to(), 2, h.group(), h.volume(), 2, h.container()));
        given().when().get("/api/v1/volumes/{id}", h.volume()).then().body("mountedOn.nodeId", contains(f.to()))
                .body("currentNodeId", is(f.to())).body("epoch", is(2)).body("fenced.nodeId", contains(h.node()));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("mountedOn", contains(f.to()))
                .body("currentNodeId", is(f.to()));
        given().when().get("/api/v1/containers/{id}", h.container()).then().body("runningOn", contains(f.to()))
                .body("nodeId", is(f.to())).body("state", is("RUNNING"));

        Instant online = now();
        deliver(kafka, new FailoverEvent.GroupRelocated(f.failoverId(), h.group(), h.node(), f.to(), 2, f.at(),
                online, List.of(h.container())));
        deliver(kafka, new FailoverEvent.FailoverCompleted(f.failoverId(), 1, 0,
                new FailoverEvent.Timings(f.at(), f.at(), f.at(), fencedAt, online)));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("mountedOn", contains(f.to())).body("fencedOn", empty());
    }

    @Test
    void shouldShowAMountWhoseEpochAnotherNodeHoldsSinceAsFenced() {
        Hosted h = hostedGroup(kafka);
        String to = unique("node");
        deliver(kafka, hosting(to, 1, h.group(), h.volume(), 2, h.container()));
        given().when().get("/api/v1/volumes/{id}", h.volume()).then().body("mountedOn.nodeId", contains(to))
                .body("fenced.nodeId", contains(h.node()))
                .body("fenced[0].reason", is("superseded: epoch 2 was issued to " + to + " since"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("currentNodeId", is(to))
                .body("mountedOn", contains(to)).body("containers[0].nodeId", is(to));
        // the old node's last word that the container runs there is no evidence: it lost the volume since
        given().when().get("/api/v1/containers/{id}", h.container()).then().body("runningOn", contains(to))
                .body("nodeId", is(to)).body("reports.nodeId", hasItem(h.node()));
    }

    @Test
    void shouldCarryARePlanWithinTheFailoverItAnswersAndCloseItWhenThatFailoverCompletes() {
        Failing f = failing();
        Hosted h = f.h();
        String third = unique("node");
        deliver(kafka, emptyStatus(third));
        Instant t = f.at();
        deliver(kafka, new FailoverEvent.GroupStepChanged(f.failoverId(), h.group(), "REPLANNING", "RUNNING", null,
                t.plusMillis(100), f.to() + " could not start it"));
        String replan = unique("fo");
        Trigger trigger = new Trigger(TriggerKind.REPLAN, null, h.group(), f.failoverId() + "/" + h.group()
                + "/replan-1", unique("evt"), null, f.failoverId());
        Envelope<EventPayload> plan = Fixtures.envelope(new PlacementDecision.FailoverPlanned(replan, trigger,
                h.node(), List.of(assignment(h, third, List.of(new Candidate(f.to(), false, "failed to run it", -1, 0,
                        0, false), new Candidate(third, true, null, 0, 3000, 7168, true)))),
                List.of(), t.plusMillis(120)));
        deliver(kafka, plan);
        replay(kafka, plan);

        given().when().get("/api/v1/failovers/{id}", replan).then().statusCode(404);
        given().when().get("/api/v1/failovers/{id}", f.failoverId()).then().body("state", is("RUNNING"))
                .body("groups[0].targetNodeId", is(third)).body("groups[0].outcome", is("IN_PROGRESS"))
                .body("groups[0].candidates.nodeId", contains(f.to(), third))
                .body("groups[0].steps.step", contains("REPLANNING", "REPLANNED"))
                .body("groups[0].steps[1].detail", containsString("re-planned to " + third + " by plan " + replan));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("MOVING"))
                .body("lastFailoverId", is(f.failoverId()))
                .body("stateReason", containsString("to " + third));
        given().when().get("/api/v1/history?key={id}&type=FailoverPlanned", replan).then()
                .body("items.summary", hasItem(containsString("re-plan " + replan + " answers failover "
                        + f.failoverId())));

        Instant online = t.plusMillis(300);
        deliver(kafka, new FailoverEvent.GroupRelocated(f.failoverId(), h.group(), h.node(), third, 2, t, online,
                List.of(h.container())));
        deliver(kafka, new FailoverEvent.FailoverCompleted(f.failoverId(), 1, 0,
                new FailoverEvent.Timings(t, t, t, t, online)));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(third));
        given().when().get("/api/v1/cluster").then()
                .body("failoversInProgress.failoverId", not(hasItem(replan)))
                .body("failoversInProgress.failoverId", not(hasItem(f.failoverId())));
        given().when().get("/api/v1/failovers?state=PLANNED&size=500").then()
                .body("items.failoverId", not(hasItem(replan)));
    }
}

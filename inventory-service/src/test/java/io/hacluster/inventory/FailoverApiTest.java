package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.emptyStatus;
import static io.hacluster.inventory.Fixtures.envelope;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.replay;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.Candidate;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;
import io.hacluster.events.Topics;
import io.hacluster.events.VolumeStatus;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class FailoverApiTest {

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
    void shouldRecordANodeFailoverWithItsTimelineReasonsStepsAndFencingEvidence() {
        String n1 = unique("node");
        String n2 = unique("node");
        String n3 = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c1 = unique("c");
        String c2 = unique("c");
        define(group(g, v, c1, c2));
        deliver(kafka, hosting(n1, 1, g, v, 1, c1, c2));
        deliver(kafka, emptyStatus(n2));
        Instant lastHeard = now();
        Instant detected = lastHeard.plusSeconds(3);
        Envelope<EventPayload> nodeFailed = deliver(kafka, new NodeHealthEvent.NodeFailed(n1, "inc-1", lastHeard,
                detected, "silent for 3000 ms", 500, 2000));

        String fo = "fo-" + UUID.nameUUIDFromBytes(("plan:" + nodeFailed.eventId()).getBytes());
        Trigger trigger = new Trigger(TriggerKind.NODE_FAILED, n1, null, null, nodeFailed.eventId(),
                new NodeFailure("inc-1", lastHeard, detected, 2000, "silent for 3000 ms"), null);
        Instant planned = detected.plusMillis(15);
        Envelope<EventPayload> plan = envelope(new PlacementDecision.FailoverPlanned(fo, trigger, n1,
                List.of(new Assignment(g, v, n1, n2, 10,
                        List.of(new ContainerSpec(c1, 500, 512, List.of()), new ContainerSpec(c2, 500, 512, List.of())),
                        List.of(new Candidate(n2, true, null, 0, 3000, 7168, true),
                                new Candidate(n3, false, "not enough memory", -1, 0, -100, false)))),
                List.of(), planned));
        deliver(kafka, plan);
        replay(kafka, plan);
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("MOVING"))
                .body("stateReason", containsString("failover " + fo)).body("lastFailoverId", is(fo));
        given().when().get("/api/v1/failovers/{id}", fo).then().body("state", is("PLANNED"))
                .body("trigger.kind", is("NODE_FAILED")).body("trigger.reason", is("silent for 3000 ms"));
        given().when().get("/api/v1/cluster").then().body("failoversInProgress.failoverId", hasItem(fo));

        Instant started = planned.plusMillis(5);
        Instant fenced = started.plusMillis(40);
        deliver(kafka, new FailoverEvent.FailoverStarted(fo, trigger, n1, List.of(g), detected, planned, started));
        Envelope<EventPayload> fencing = envelope(new FailoverEvent.NodeFenced(fo, n1, "storage-preemption",
                List.of(new FailoverEvent.FencingAttempt("storage-preemption", true, started, fenced,
                        "epoch 1 -> 2 on " + v, List.of(new FailoverEvent.EpochChange(v, 1, 2)))),
                fenced));
        deliver(kafka, fencing);
        replay(kafka, fencing);
        Envelope<EventPayload> mounted = envelope(new FailoverEvent.GroupStepChanged(fo, g, "MOUNT", "DONE", n2,
                fenced.plusMillis(10), "epoch 2"));
        deliver(kafka, mounted);
        replay(kafka, mounted);
        deliver(kafka, new FailoverEvent.GroupStepChanged(fo, g, "START", "DONE", n2, fenced.plusMillis(30), c2));
        Instant online = fenced.plusMillis(40);
        deliver(kafka, new FailoverEvent.GroupRelocated(fo, g, n1, n2, 2, started, online, List.of(c1, c2)));
        Envelope<EventPayload> completed = envelope(new FailoverEvent.FailoverCompleted(fo, 1, 0,
                new FailoverEvent.Timings(detected, planned, started, fenced, online.plusMillis(1))));
        deliver(kafka, completed);
        replay(kafka, completed);

        given().when().get("/api/v1/failovers/{id}", fo)
                .then().statusCode(200)
                .body("failoverId", is(fo)).body("state", is("COMPLETED"))
                .body("trigger.kind", is("NODE_FAILED")).body("trigger.nodeId", is(n1))
                .body("trigger.causeEventId", is(nodeFailed.eventId())).body("sourceNodeId", is(n1))
                .body("detectedAt", is(detected.toString())).body("plannedAt", is(planned.toString()))
                .body("startedAt", is(started.toString())).body("fencedAt", is(fenced.toString()))
                .body("completedAt", is(online.plusMillis(1).toString())).body("failedAt", nullValue())
                .body("durationMs", is(15 + 5 + 40 + 40 + 1)).body("relocated", is(1))
                .body("unplaceable", is(0))
                .body("groups.size()", is(1)).body("groups[0].groupId", is(g))
                .body("groups[0].outcome", is("ONLINE")).body("groups[0].fromNodeId", is(n1))
                .body("groups[0].targetNodeId", is(n2)).body("groups[0].epoch", is(2))
                .body("groups[0].containerIds", contains(c1, c2))
                .body("groups[0].candidates.nodeId", contains(n2, n3))
                .body("groups[0].candidates[0].chosen", is(true))
                .body("groups[0].candidates[1].rejectedBecause", is("not enough memory"))
                .body("groups[0].steps.step", contains("MOUNT", "START"))
                .body("groups[0].steps[0].state", is("DONE"))
                .body("fencing.nodeId", is(n1)).body("fencing.method", is("storage-preemption"))
                .body("fencing.fencedAt", is(fenced.toString())).body("fencing.attempts.size()", is(1))
                .body("fencing.attempts[0].succeeded", is(true))
                .body("fencing.attempts[0].epochs[0].volumeId", is(v))
                .body("fencing.attempts[0].epochs[0].epochBefore", is(1))
                .body("fencing.attempts[0].epochs[0].epochAfter", is(2));

        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(n2)).body("epoch", is(2)).body("mountedOn", contains(n2))
                .body("containers.nodeId", contains(n2, n2)).body("containers.state", contains("RUNNING", "RUNNING"));
        for (String c : List.of(c1, c2)) {
            given().when().get("/api/v1/containers/{id}", c).then().body("nodeId", is(n2)).body("state", is("RUNNING"))
                    .body("runningOn", contains(n2));
        }
        given().when().get("/api/v1/volumes/{id}", v).then().body("groupId", is(g)).body("currentNodeId", is(n2))
                .body("epoch", is(2)).body("mountedOn.nodeId", contains(n2));
        given().when().get("/api/v1/nodes/{id}", n1).then().body("state", is("FAILED")).body("groups", empty());
        given().when().get("/api/v1/nodes/{id}", n2).then().body("groups", contains(g));
        given().when().get("/api/v1/failovers?nodeId={n}", n1).then().body("total", is(1))
                .body("items[0].failoverId", is(fo)).body("items[0].fencedAt", is(fenced.toString()));
        given().when().get("/api/v1/cluster").then().body("failoversInProgress.failoverId", not(hasItem(fo)));
        given().when().get("/api/v1/history?key={fo}&type=GroupStepChanged", fo).then().body("total", is(2));
        given().when().get("/api/v1/history?key={fo}&type=NodeFenced", fo).then().body("total", is(1))
                .body("items[0].summary", is("node " + n1 + " fenced by storage-preemption (1 attempts)"));

        // a stale status of the failed node, sent before the relocation, does not bring the group back to it
        deliver(kafka, new NodeStatus(n1, "inc-1", 2, started.minusSeconds(1), NodeStatus.Mode.ACTIVE, null, null,
                List.of(), List.of(new ContainerStatus(c1, g, ContainerState.RUNNING, "pid 1")),
                List.of(new VolumeStatus(v, g, 1)), null));
        given().when().get("/api/v1/containers/{id}", c1).then().body("runningOn", contains(n2));
        given().when().get("/api/v1/groups/{id}", g).then().body("mountedOn", contains(n2));
    }

    @Test
    void shouldShowAGroupNoNodeCanTakeAsUnplaceableWithTheReason() {
        String n1 = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(n1, 1, g, v, 1, c));
        Instant now = now();
        deliver(kafka, new NodeHealthEvent.NodeFailed(n1, "inc-1", now, now, "silent", 500, 2000));
        String fo = unique("fo");
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo,
                new Trigger(TriggerKind.NODE_FAILED, n1, null, null, unique("evt"), null, null), n1, List.of(),
                List.of(new Unplaceable(g, v, n1, 10, "no node has 512 MiB free",
                        List.of(new Candidate("other", false, "not enough memory", -1, 0, -1, false)))),
                now));
        deliver(kafka, new FailoverEvent.FailoverStarted(fo, null, n1, List.of(), now, now, now));
        deliver(kafka, new FailoverEvent.GroupUnplaceable(fo, g, n1, "no node has 512 MiB free", now));
        deliver(kafka, new FailoverEvent.FailoverCompleted(fo, 0, 1, new FailoverEvent.Timings(now, now, now, now,
                now)));

        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("UNPLACEABLE"))
                .body("stateReason", is("no node has 512 MiB free (failover " + fo + ")"));
        given().when().get("/api/v1/groups?state=UNPLACEABLE&size=500").then().body("items.groupId", hasItem(g));
        given().when().get("/api/v1/failovers/{id}", fo).then().body("unplaceable", is(1))
                .body("groups[0].outcome", is("UNPLACEABLE")).body("groups[0].reason", is("no node has 512 MiB free"))
                .body("groups[0].candidates[0].rejectedBecause", is("not enough memory"));
    }

    @Test
    void shouldShowAFailedFailoverAndLeaveItsGroupsOffline() {
        String n1 = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(n1, 1, g, v, 1, c));
        Instant now = now();
        deliver(kafka, new NodeHealthEvent.NodeFailed(n1, "inc-1", now, now, "silent", 500, 2000));
        String fo = unique("fo");
        Trigger trigger = new Trigger(TriggerKind.NODE_FAILED, n1, null, null, unique("evt"), null, null);
        deliver(kafka, new FailoverEvent.FailoverStarted(fo, trigger, n1, List.of(g), now, now, now));
        deliver(kafka, new FailoverEvent.FailoverFailed(fo, "every fencing method failed",
                new FailoverEvent.Timings(now, now, now, null, now.plusSeconds(9)),
                List.of(new FailoverEvent.FencingAttempt("storage-preemption", false, now, now.plusSeconds(1),
                        "agent on the target did not answer", List.of()),
                        new FailoverEvent.FencingAttempt("power", false, now.plusSeconds(1), now.plusSeconds(9),
                                "fence-agent --node " + n1 + " exited 1", List.of()))));

        given().when().get("/api/v1/failovers/{id}", fo).then().body("state", is("FAILED"))
                .body("failureReason", is("every fencing method failed")).body("fencedAt", nullValue())
                .body("failedAt", is(now.plusSeconds(9).toString())).body("durationMs", is(9000))
                .body("groups[0].outcome", is("FAILED")).body("fencing.nodeId", is(n1))
                .body("fencing.method", nullValue()).body("fencing.fencedAt", nullValue())
                .body("fencing.attempts.method", contains("storage-preemption", "power"))
                .body("fencing.attempts.succeeded", contains(false, false))
                .body("fencing.attempts[1].detail", is("fence-agent --node " + n1 + " exited 1"));
        given().when().get("/api/v1/groups/{id}", g).then().body("state", is("OFFLINE"))
                .body("stateReason", is("failover " + fo + " failed: every fencing method failed"));
    }

    @Test
    void shouldListFailoversNewestFirstAndRefuseBadFilters() {
        String node = unique("node");
        Instant t = now();
        String older = unique("fo");
        String newer = unique("fo");
        deliver(kafka, new FailoverEvent.FailoverStarted(newer, null, node, List.of(), t.plusSeconds(10), null, null));
        deliver(kafka, new FailoverEvent.FailoverStarted(older, null, node, List.of(), t, null, null));

        given().when().get("/api/v1/failovers?nodeId={n}", node).then().statusCode(200)
                .body("items.failoverId", contains(newer, older)).body("total", is(2))
                .body("items[0].state", is("RUNNING"));
        given().when().get("/api/v1/failovers?state=RUNNING&size=1").then().statusCode(200)
                .body("items.size()", is(1)).body("size", is(1));
        given().when().get("/api/v1/failovers?state=DONE").then().statusCode(400)
                .body("errors.field", contains("state")).body("detail", containsString("PLANNED, RUNNING"));
        given().when().get("/api/v1/failovers/{id}", "fo-unknown").then().statusCode(404);
    }

    @Test
    void shouldSkipADecisionOfAnUnknownOrMisplacedTypeAndApplyTheNextOne() {
        String key = unique("fo");
        String unknownId = UUID.randomUUID().toString();
        kafka.sendRaw(Topics.PLACEMENT_DECISIONS, key, ("{\"eventId\":\"" + unknownId + "\",\"type\":"
                + "\"ReconcilerRoundFinished\",\"schemaVersion\":1,\"occurredAt\":\"" + Instant.now()
                + "\",\"source\":\"placement-service/7\",\"payload\":{\"groups\":12}}")
                .getBytes(StandardCharsets.UTF_8));
        String requestId = unique("req");
        Envelope<EventPayload> misplaced = envelope(new AdminEvent.GroupMoveRequested(requestId, key, null, "alice"));
        kafka.sendRaw(Topics.PLACEMENT_DECISIONS, key, EventCodec.encode(misplaced));
        String fo = unique("fo");
        deliver(kafka, new PlacementDecision.FailoverPlanned(fo,
                new Trigger(TriggerKind.GROUP_START, null, key, null, unique("evt"), null, null), null, List.of(),
                List.of(), now()));

        given().when().get("/api/v1/failovers/{id}", fo).then().statusCode(200).body("state", is("PLANNED"));
        // the deserializer does not see the record key, so an event of an unknown type is found by its id
        given().when().get("/api/v1/history?size=500").then()
                .body("items.find { it.eventId == '" + unknownId + "' }.summary", is("unknown event type, skipped"));
        given().when().get("/api/v1/history?key={k}", key).then()
                .body("items.find { it.eventId == '" + misplaced.eventId() + "' }.summary",
                        is("GroupMoveRequested is not a placement-decisions event, skipped"));
        given().when().get("/api/v1/requests/{id}", requestId).then().statusCode(404);
    }

    @Test
    void shouldParkUnreadablePlansAndFailoverEvents() {
        assertThat(TestKafka.header(kafka.sendUnreadableAndAwaitParked(Topics.PLACEMENT_DECISIONS, "fo-x"),
                "dead-letter-reason")).contains("envelope field");
        assertThat(TestKafka.header(kafka.sendUnreadableAndAwaitParked(Topics.FAILOVER_EVENTS, "fo-x"),
                "dead-letter-reason")).contains("envelope field");
    }
}

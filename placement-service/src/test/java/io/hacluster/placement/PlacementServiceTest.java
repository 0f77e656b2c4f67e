package io.hacluster.placement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.DesiredState;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.GroupFailureRecorded;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.events.VolumeStatus;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.placement.domain.FailoverIds;
import io.hacluster.placement.messaging.PlacementService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The service over the real broker: what goes in on its topics, which plans come out. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@Timeout(120)
class PlacementServiceTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    PlacementService service;

    TestKafka kafka;
    String run;

    @BeforeEach
    void connect() {
        kafka = TestKafka.connect();
        run = UUID.randomUUID().toString().substring(0, 6);
        awaitLeader();
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    static void awaitLeader() {
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/placement").then().statusCode(200)
                .body("role", is("LEADER")));
    }

    String node(String name) {
        return name + "-" + run;
    }

    String group(String name) {
        return "g-" + name + "-" + run;
    }

    /** Sends an event and returns its envelope, whose event id is the cause id placement plans under. */
    Envelope<?> send(EventPayload payload) {
        Envelope<?> envelope = Envelope.wrap(payload, "test/" + run, Instant.now());
        kafka.send(envelope);
        return envelope;
    }

    /** A node's status: the groups mounted there run their one container ({@code <group>-c1}). */
    void status(String nodeId, long cpu, long memory, List<String> reachable, VolumeStatus... mounted) {
        send(new NodeStatus(nodeId, "inc-" + nodeId, 1, Instant.now(), NodeStatus.Mode.ACTIVE,
                new Resources(cpu, memory), Resources.NONE, reachable, running(mounted), List.of(mounted), null));
    }

    static List<ContainerStatus> running(VolumeStatus... mounted) {
        return Arrays.stream(mounted).map(v -> new ContainerStatus(v.groupId() + "-c1", v.groupId(),
                ContainerState.RUNNING, "pid 1")).toList();
    }

    GroupSpec spec(String groupId, int priority, long cpu, long memory) {
        return new GroupSpec(groupId, "vol-" + groupId, List.of(new ContainerSpec(groupId + "-c1", cpu, memory,
                List.of())), priority, List.of(), List.of(), null, FailbackPolicy.NEVER);
    }

    /** Waits until placement has applied the status of these nodes. */
    static void awaitNodes(String... nodeIds) {
        await().atMost(WAIT).untilAsserted(() -> {
            var nodes = given().when().get("/api/v1/placement").then().extract().jsonPath().getMap("nodes");
            assertThat(nodes).containsKeys((Object[]) nodeIds);
        });
    }

    static void awaitNodeState(String nodeId, String state) {
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/placement").then()
                .body("nodes.'" + nodeId + "'", is(state)));
    }

    Envelope<FailoverPlanned> awaitPlan(String causeEventId) {
        return awaitPlans(p -> causeEventId.equals(p.trigger().causeEventId()), 1).get(0);
    }

    @SuppressWarnings("unchecked")
    List<Envelope<FailoverPlanned>> awaitPlans(Predicate<FailoverPlanned> filter, int count) {
        return kafka.awaitEvents(Topics.PLACEMENT_DECISIONS,
                e -> e.payload() instanceof FailoverPlanned p && filter.test(p), count, WAIT).stream()
                .map(e -> (Envelope<FailoverPlanned>) e).toList();
    }

    /** Every plan published for a cause, read to the end of the topic. */
    List<FailoverPlanned> plansOf(String causeEventId) {
        return kafka.readAll(Topics.PLACEMENT_DECISIONS).stream().map(Envelope::payload)
                .filter(p -> p instanceof FailoverPlanned f && causeEventId.equals(f.trigger().causeEventId()))
                .map(p -> (FailoverPlanned) p).toList();
    }

    void nodeFailedWithTwoGroupsAndTwoSurvivors() {
        List<String> volumes = List.of("vol-" + group("a"), "vol-" + group("b"));
        status(node("n1"), 4000, 8192, volumes, new VolumeStatus("vol-" + group("a"), group("a"), 1),
                new VolumeStatus("vol-" + group("b"), group("b"), 1));
        status(node("n2"), 4000, 8192, volumes);
        status(node("n3"), 4000, 8192, volumes);
        awaitNodes(node("n1"), node("n2"), node("n3"));
        awaitPlan(send(new AdminEvent.GroupDefined(spec(group("a"), 20, 1000, 1024))).eventId());
        awaitPlan(send(new AdminEvent.GroupDefined(spec(group("b"), 10, 1000, 1024))).eventId());
    }

    @Test
    void shouldPlanTheFailoverOfEveryGroupOfAFailedNode() {
        nodeFailedWithTwoGroupsAndTwoSurvivors();
        NodeHealthEvent.NodeFailed failure = new NodeHealthEvent.NodeFailed(node("n1"), "inc-7",
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T10:00:03Z"),
                "no heartbeat for 2600 ms", 500, 2000);
        Envelope<?> cause = send(failure);

        Envelope<FailoverPlanned> planned = awaitPlan(cause.eventId());

        FailoverPlanned plan = planned.payload();
        assertThat(planned.source()).startsWith("placement-service/");
        assertThat(plan.failoverId()).isEqualTo(FailoverIds.fromCause(cause.eventId()));
        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.NODE_FAILED);
        assertThat(plan.trigger().nodeId()).isEqualTo(node("n1"));
        assertThat(plan.trigger().failure().incarnation()).isEqualTo("inc-7");
        assertThat(plan.trigger().failure().lastHeartbeatAt()).isEqualTo(failure.lastHeartbeatAt());
        assertThat(plan.trigger().failure().detectedAt()).isEqualTo(failure.detectedAt());
        assertThat(plan.trigger().failure().isolationTimeoutMs()).isEqualTo(2000);
        assertThat(plan.trigger().failure().reason()).isEqualTo("no heartbeat for 2600 ms");
        assertThat(plan.sourceNodeId()).isEqualTo(node("n1"));
        assertThat(plan.unplaceable()).isEmpty();
        assertThat(plan.assignments()).extracting(Assignment::groupId).containsExactly(group("a"), group("b"));
        assertThat(plan.assignments()).extracting(Assignment::toNodeId).containsExactlyInAnyOrder(node("n2"),
                node("n3"));
        assertThat(plan.assignments().get(0).candidates()).isNotEmpty();
        awaitNodeState(node("n1"), "FAILED");
    }

    @Test
    void shouldDrainANodeAndHoldItInMaintenanceOnceTheDrainCompletes() {
        nodeFailedWithTwoGroupsAndTwoSurvivors();
        Envelope<?> drain = send(new AdminEvent.NodeDrainRequested("req-" + run, node("n1"), "operator"));

        FailoverPlanned plan = awaitPlan(drain.eventId()).payload();

        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.NODE_DRAIN);
        assertThat(plan.trigger().requestId()).isEqualTo("req-" + run);
        assertThat(plan.assignments()).extracting(Assignment::groupId).containsExactly(group("a"), group("b"));
        awaitNodeState(node("n1"), "DRAINING");

        send(new FailoverEvent.FailoverCompleted(plan.failoverId(), 2, 0, null));
        awaitNodeState(node("n1"), "MAINTENANCE");

        send(new AdminEvent.NodeResumeRequested("req2-" + run, node("n1"), "operator"));
        awaitNodeState(node("n1"), "ACTIVE");
    }

    @Test
    void shouldMoveAGroupToTheNodeTheOperatorNamed() {
        nodeFailedWithTwoGroupsAndTwoSurvivors();
        Envelope<?> move = send(new AdminEvent.GroupMoveRequested("req-" + run, group("b"), node("n3"), "operator"));

        FailoverPlanned plan = awaitPlan(move.eventId()).payload();

        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.GROUP_MOVE);
        assertThat(plan.sourceNodeId()).isEqualTo(node("n1"));
        assertThat(plan.assignments()).singleElement().satisfies(a -> {
            assertThat(a.groupId()).isEqualTo(group("b"));
            assertThat(a.fromNodeId()).isEqualTo(node("n1"));
            assertThat(a.toNodeId()).isEqualTo(node("n3"));
        });
    }

    @Test
    void shouldReplanAGroupAwayFromTheNodeThatRefusedIt() {
        nodeFailedWithTwoGroupsAndTwoSurvivors();
        FailoverPlanned failover = awaitPlan(send(new NodeHealthEvent.NodeFailed(node("n1"), "inc", Instant.now(),
                Instant.now(), "silent", 500, 2000)).eventId()).payload();
        String refused = failover.assignments().get(0).toNodeId();

        Envelope<?> replan = send(new AdminEvent.GroupReplanRequested("req-" + run, failover.failoverId(),
                group("a"), node("n1"), List.of(refused), "mount refused"));
        FailoverPlanned plan = awaitPlan(replan.eventId()).payload();

        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.REPLAN);
        assertThat(plan.trigger().parentFailoverId()).isEqualTo(failover.failoverId());
        assertThat(plan.assignments()).singleElement().satisfies(a -> {
            assertThat(a.groupId()).isEqualTo(group("a"));
            assertThat(a.toNodeId()).isNotEqualTo(refused).isNotEqualTo(node("n1"));
        });
    }

    @Test
    void shouldNeverPlanACauseTwiceWhenItReadsEverythingAgainAfterARestart() {
        nodeFailedWithTwoGroupsAndTwoSurvivors();
        Envelope<?> cause = send(new NodeHealthEvent.NodeFailed(node("n1"), "inc", Instant.now(), Instant.now(),
                "silent", 500, 2000));
        FailoverPlanned first = awaitPlan(cause.eventId()).payload();

        service.instance().stop();
        service.instance().start();
        awaitLeader();
        Envelope<?> marker = send(new NodeHealthEvent.NodeFailed(node("empty"), "inc", Instant.now(), Instant.now(),
                "silent", 500, 2000));
        awaitPlan(marker.eventId());

        assertThat(plansOf(cause.eventId())).as("plans of the cause, across the restart").hasSize(1);
        // the rebuilt model still holds the capacity the first plan booked
        List<String> reserved = given().when().get("/api/v1/placement").then().extract().jsonPath()
                .getList("reservations.findAll { it.failoverId == '" + first.failoverId() + "' }.groupId");
        assertThat(reserved).containsExactlyInAnyOrder(group("a"), group("b"));
    }

    @Test
    void shouldFailAGroupBackToItsPreferredOwnerOnceTheOwnerHasBeenUpForTheDelay() {
        String g = group("fb");
        status(node("p"), 4000, 8192, List.of("vol-" + g));
        status(node("q"), 4000, 8192, List.of("vol-" + g), new VolumeStatus("vol-" + g, g, 3));
        awaitNodes(node("p"), node("q"));
        GroupSpec spec = new GroupSpec(g, "vol-" + g, List.of(new ContainerSpec(g + "-c1", 500, 512, List.of())), 5,
                List.of(node("p"), node("q")), List.of(), null,
                new FailbackPolicy(FailbackPolicy.Mode.PREFERRED_OWNER, 0));

        send(new AdminEvent.GroupDefined(spec));
        FailoverPlanned plan = awaitPlans(p -> p.trigger().kind() == TriggerKind.FAILBACK
                && g.equals(p.trigger().groupId()), 1).get(0).payload();

        assertThat(plan.sourceNodeId()).isEqualTo(node("q"));
        assertThat(plan.assignments()).singleElement().satisfies(a -> assertThat(a.toNodeId()).isEqualTo(node("p")));
    }

    @Test
    void shouldParkOversizedBinaryAndTruncatedRecordsOnEveryInputAndStillPlanANodeFailure() {
        for (String topic : List.of(Topics.NODE_STATUS, Topics.NODE_HEALTH, Topics.CLUSTER_ADMIN,
                Topics.FAILOVER_EVENTS, Topics.PLACEMENT_DECISIONS)) {
            TestKafka.Garbage.all().forEach((kind, bytes) -> {
                var parked = kafka.sendRawAndAwaitParked(topic, "garbage-" + kind, bytes);
                assertThat(TestKafka.header(parked, "dead-letter-reason")).as("%s on %s", kind, topic)
                        .hasSizeLessThanOrEqualTo(1000);
                assertThat(TestKafka.header(parked, "dead-letter-topic")).isEqualTo(topic);
            });
        }
        nodeFailedWithTwoGroupsAndTwoSurvivors();
        Envelope<?> cause = send(new NodeHealthEvent.NodeFailed(node("n1"), "inc-" + node("n1"), Instant.now(),
                Instant.now(), "silent", 500, 2000));

        assertThat(awaitPlan(cause.eventId()).payload().assignments()).hasSize(2);
    }

    @Test
    void shouldParkAnUnreadableRequestInTheDeadLetterTopic() {
        var parked = kafka.sendUnreadableAndAwaitParked(Topics.CLUSTER_ADMIN, "g1");
        assertThat(TestKafka.header(parked, "dead-letter-reason")).contains("envelope field");
    }

    // ---------------------------------------------------------------- the reconciler

    @Test
    void shouldRestartAContainerThatFailedOnALiveNodeInPlaceAndAnnounceTheFailure() {
        String g = group("r");
        VolumeStatus mounted = new VolumeStatus("vol-" + g, g, 5);
        status(node("r1"), 4000, 8192, List.of("vol-" + g), mounted);
        status(node("r2"), 4000, 8192, List.of("vol-" + g));
        awaitNodes(node("r1"), node("r2"));
        awaitPlan(send(new AdminEvent.GroupDefined(spec(g, 5, 500, 512))).eventId());

        send(new NodeStatus(node("r1"), "inc-" + node("r1"), 2, Instant.now(), NodeStatus.Mode.ACTIVE,
                new Resources(4000, 8192), Resources.NONE, List.of("vol-" + g),
                List.of(new ContainerStatus(g + "-c1", g, ContainerState.FAILED, "exited with code 1")),
                List.of(mounted), null));
        FailoverPlanned restart = awaitPlans(p -> p.trigger().kind() == TriggerKind.RESTART
                && g.equals(p.trigger().groupId()), 1).get(0).payload();

        assertThat(restart.trigger().reason()).contains("container " + g + "-c1 is FAILED on " + node("r1"))
                .contains("exited with code 1");
        assertThat(restart.assignments()).singleElement().satisfies(a -> {
            assertThat(a.inPlace()).isTrue();
            assertThat(a.toNodeId()).isEqualTo(node("r1"));
            assertThat(a.epoch()).isEqualTo(5);
            assertThat(a.restartFrom()).isEqualTo(g + "-c1");
        });
        var failure = kafka.awaitEvents(Topics.PLACEMENT_DECISIONS,
                e -> e.payload() instanceof GroupFailureRecorded f && g.equals(f.groupId()), 1, WAIT).get(0);
        GroupFailureRecorded recorded = (GroupFailureRecorded) failure.payload();
        assertThat(recorded.nodeId()).isEqualTo(node("r1"));
        assertThat(recorded.failuresOnNode()).isEqualTo(1);
        assertThat(recorded.failureThreshold()).isEqualTo(2);
        assertThat(recorded.avoidedUntil()).isNull();
    }

    @Test
    void shouldStopAGroupWhoseDesiredStateBecomesOfflineAndListAGroupThatCannotRunAsWaiting() {
        String g = group("s");
        String big = group("big");
        status(node("s1"), 4000, 8192, List.of("vol-" + g, "vol-" + big), new VolumeStatus("vol-" + g, g, 2));
        awaitNodes(node("s1"));
        awaitPlan(send(new AdminEvent.GroupDefined(spec(g, 5, 500, 512))).eventId());

        send(new AdminEvent.GroupDesiredStateChanged("req-" + run, g, DesiredState.OFFLINE, "alice"));
        FailoverPlanned stop = awaitPlans(p -> p.trigger().kind() == TriggerKind.GROUP_STOP
                && g.equals(p.trigger().groupId()), 1).get(0).payload();

        assertThat(stop.assignments()).isEmpty();
        assertThat(stop.releases()).singleElement().satisfies(r -> {
            assertThat(r.nodeId()).isEqualTo(node("s1"));
            assertThat(r.epoch()).isEqualTo(2);
        });

        awaitPlan(send(new AdminEvent.GroupDefined(spec(big, 5, 64_000, 512))).eventId());
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/placement").then().statusCode(200)
                .body("waiting.'" + big + "'", containsString("runs nowhere"))
                .body("waiting.'" + big + "'", containsString("not enough free capacity")));
    }
}

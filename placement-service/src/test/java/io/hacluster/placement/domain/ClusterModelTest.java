package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;

class ClusterModelTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final ClusterModel model = new ClusterModel(TIMEOUT);
    private final PlacementEngine engine = new PlacementEngine();
    private int events;

    private String id() {
        return "evt-" + (++events);
    }

    private static GroupSpec group(String id, String... preferred) {
        return new GroupSpec(id, "vol-" + id, List.of(new ContainerSpec(id + "-c", 1000, 1024, List.of())), 10,
                List.of(preferred), List.of(), null, FailbackPolicy.NEVER);
    }

    private static NodeStatus status(String node, long seq, VolumeStatus... mounted) {
        return new NodeStatus(node, "inc-" + node, seq, T0, NodeStatus.Mode.ACTIVE, new Resources(8000, 16384),
                Resources.NONE, List.of("vol-a", "vol-b", "vol-c"), List.of(), List.of(mounted), null);
    }

    private static NodeHealthEvent.NodeFailed nodeFailed(String node) {
        return new NodeHealthEvent.NodeFailed(node, "inc-" + node, T0, T0.plusSeconds(3), "silent", 500, 2000);
    }

    private static FailoverPlanned planned(String cause, TriggerKind kind, String node, List<Assignment> assignments,
            List<Unplaceable> unplaceable) {
        return new FailoverPlanned(FailoverIds.fromCause(cause), new Trigger(kind, node, null, null, cause, null, null),
                node, assignments, unplaceable, T0);
    }

    private static Assignment assign(String group, String from, String to) {
        return new Assignment(group, "vol-" + group, from, to, 10,
                List.of(new ContainerSpec(group + "-c", 1000, 1024, List.of())), List.of());
    }

    /** Applies a plan the way the service does after publishing it. */
    private FailoverPlanned planNext() {
        PlacementRequest request = model.nextRequest().orElseThrow();
        FailoverPlanned event = engine.plan(model.snapshot(T0), request).toEvent(T0, CandidateListing.ALL);
        model.onPlanned(id(), T0, event);
        return event;
    }

    /** Plans every cause waiting, as the leader does once caught up. */
    private void settle() {
        while (model.nextRequest().isPresent()) {
            planNext();
        }
    }

    private void threeNodesWithGroupAOnNode1() {
        model.onAdmin(id(), T0, new AdminEvent.GroupDefined(group("a")));
        model.onNodeStatus(id(), T0, status("node-1", 1, new VolumeStatus("vol-a", "a", 3)));
        model.onNodeStatus(id(), T0, status("node-2", 1));
        model.onNodeStatus(id(), T0, status("node-3", 1));
        settle();
    }

    @Test
    void shouldLocateAGroupWhereItsVolumeIsMounted() {
        threeNodesWithGroupAOnNode1();

        assertThat(model.locationOf("a")).isEqualTo("node-1");
    }

    @Test
    void shouldFollowTheHighestEpochWhateverOrderStatusAndRelocationArriveIn() {
        threeNodesWithGroupAOnNode1();
        model.onFailoverEvent(id(), T0, new FailoverEvent.GroupRelocated("fo-1", "a", "node-1", "node-2", 4, T0, T0,
                List.of()));
        // a status of the failed node-1, older than the move, read late
        model.onNodeStatus(id(), T0, status("node-1", 2, new VolumeStatus("vol-a", "a", 3)));

        assertThat(model.locationOf("a")).isEqualTo("node-2");

        model.onNodeStatus(id(), T0, status("node-2", 2, new VolumeStatus("vol-a", "a", 4)));
        model.onNodeStatus(id(), T0, status("node-2", 3));
        assertThat(model.locationOf("a")).as("node-2 released it and node-1's mount is older").isNull();
    }

    @Test
    void shouldForgetAGroupsLocationWhenItsNodeNoLongerReportsTheVolume() {
        threeNodesWithGroupAOnNode1();

        model.onNodeStatus(id(), T0, status("node-1", 2));

        assertThat(model.locationOf("a")).isNull();
    }

    @Test
    void shouldAskToStartANewlyDefinedGroupAndAnswerTheCauseOnce() {
        model.onNodeStatus(id(), T0, status("node-1", 1));
        String defined = id();
        model.onAdmin(defined, T0, new AdminEvent.GroupDefined(group("a")));

        assertThat(model.nextRequest()).contains(new PlacementRequest.GroupStart(defined, "a"));
        FailoverPlanned plan = planNext();

        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.GROUP_START);
        assertThat(plan.assignments()).extracting(Assignment::toNodeId).containsExactly("node-1");
        assertThat(model.nextRequest()).isEmpty();
        assertThat(model.isPlanned(defined)).isTrue();
    }

    @Test
    void shouldNeverQueueACauseWhosePlanWasAlreadyRead() {
        FailoverPlanned earlier = planned("evt-failed", TriggerKind.NODE_FAILED, "node-1", List.of(), List.of());

        model.onPlanned(id(), T0, earlier);
        model.onNodeHealth("evt-failed", T0, nodeFailed("node-1"));

        assertThat(model.nextRequest()).isEmpty();
        assertThat(model.node("node-1").state()).isEqualTo(NodeState.FAILED);
    }

    @Test
    void shouldHoldCapacityForAPlannedGroupUntilTheExecutorReportsItOnline() {
        threeNodesWithGroupAOnNode1();
        model.onNodeHealth("evt-failed", T0, nodeFailed("node-1"));
        FailoverPlanned plan = planNext();
        String target = plan.assignments().get(0).toNodeId();

        assertThat(model.snapshot(T0).reservations()).singleElement()
                .satisfies(r -> assertThat(r.nodeId()).isEqualTo(target));
        assertThat(model.nextRequest()).isEmpty();

        model.onFailoverEvent(id(), T0, new FailoverEvent.GroupRelocated(plan.failoverId(), "a", "node-1", target, 4,
                T0, T0, List.of("a-c")));

        assertThat(model.snapshot(T0).reservations()).isEmpty();
        assertThat(model.locationOf("a")).isEqualTo(target);
    }

    @Test
    void shouldNotDoubleBookCapacityAcrossTwoPlans() {
        model.onAdmin(id(), T0, new AdminEvent.GroupDefined(group("a")));
        model.onAdmin(id(), T0, new AdminEvent.GroupDefined(group("b")));
        model.onNodeStatus(id(), T0, status("node-1", 1, new VolumeStatus("vol-a", "a", 1)));
        model.onNodeStatus(id(), T0, status("node-2", 1, new VolumeStatus("vol-b", "b", 1)));
        model.onNodeStatus(id(), T0, new NodeStatus("node-3", "i", 1, T0, NodeStatus.Mode.ACTIVE,
                new Resources(1500, 2048), Resources.NONE, List.of("vol-a", "vol-b"), List.of(), List.of(), null));
        model.onNodeStatus(id(), T0, new NodeStatus("node-4", "i", 1, T0, NodeStatus.Mode.ACTIVE,
                new Resources(1200, 2048), Resources.NONE, List.of("vol-a", "vol-b"), List.of(), List.of(), null));
        settle(); // the start requests of a and b: both already run, nothing to do
        model.onNodeHealth(id(), T0, nodeFailed("node-1"));
        model.onNodeHealth(id(), T0, nodeFailed("node-2"));

        FailoverPlanned first = planNext();
        FailoverPlanned second = planNext();

        assertThat(first.assignments()).extracting(Assignment::toNodeId).containsExactly("node-3");
        assertThat(second.assignments()).extracting(Assignment::toNodeId).containsExactly("node-4");
    }

    @Test
    void shouldReleaseEveryReservationOfAFinishedFailoverAndOfItsReplans() {
        threeNodesWithGroupAOnNode1();
        model.onAdmin(id(), T0, new AdminEvent.GroupDefined(group("b")));
        model.onNodeStatus(id(), T0, status("node-1", 2, new VolumeStatus("vol-a", "a", 3),
                new VolumeStatus("vol-b", "b", 3)));
        settle();
        model.onNodeHealth("evt-failed", T0, nodeFailed("node-1"));
        FailoverPlanned plan = planNext();
        assertThat(model.reservations()).hasSize(2);
        model.onAdmin("evt-replan", T0, new AdminEvent.GroupReplanRequested("req", plan.failoverId(), "a", "node-1",
                List.of(plan.assignments().get(0).toNodeId()), "mount refused"));
        FailoverPlanned replan = planNext();
        assertThat(replan.trigger().parentFailoverId()).isEqualTo(plan.failoverId());
        assertThat(model.reservations()).extracting(Reservation::failoverId)
                .containsExactlyInAnyOrder(plan.failoverId(), replan.failoverId());

        model.onFailoverEvent(id(), T0, new FailoverEvent.FailoverCompleted(plan.failoverId(), 2, 0, null));

        assertThat(model.reservations()).isEmpty();
    }

    @Test
    void shouldNotHoldCapacityForAGroupAlreadyReportedWhenItsPlanIsReadLate() {
        threeNodesWithGroupAOnNode1();
        FailoverPlanned plan = planned("evt-x", TriggerKind.NODE_FAILED, "node-1",
                List.of(assign("a", "node-1", "node-2")), List.of());

        model.onFailoverEvent(id(), T0, new FailoverEvent.GroupRelocated(plan.failoverId(), "a", "node-1", "node-2",
                4, T0, T0, List.of()));
        model.onPlanned(id(), T0, plan);

        assertThat(model.reservations()).isEmpty();
        assertThat(model.locationOf("a")).isEqualTo("node-2");
    }

    @Test
    void shouldStopCountingAReservationAfterTheTimeout() {
        threeNodesWithGroupAOnNode1();
        model.onPlanned(id(), T0, planned("evt-x", TriggerKind.NODE_FAILED, "node-1",
                List.of(assign("a", "node-1", "node-2")), List.of()));

        assertThat(model.snapshot(T0.plus(TIMEOUT).minusMillis(1)).reservations()).hasSize(1);
        assertThat(model.snapshot(T0.plus(TIMEOUT)).reservations()).isEmpty();
    }

    @Test
    void shouldPutADrainedNodeInMaintenanceWhenItsDrainFailoverCompletes() {
        threeNodesWithGroupAOnNode1();
        settle();
        List<NodeTransition> draining = model.onAdmin("evt-drain", T0,
                new AdminEvent.NodeDrainRequested("req-1", "node-1", "alice"));
        FailoverPlanned plan = planNext();

        assertThat(draining).containsExactly(new NodeTransition("node-1", NodeState.ACTIVE, NodeState.DRAINING,
                "NodeDrainRequested req-1 by alice"));
        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.NODE_DRAIN);
        assertThat(plan.assignments()).extracting(Assignment::groupId).containsExactly("a");

        List<NodeTransition> done = model.onFailoverEvent(id(), T0,
                new FailoverEvent.FailoverCompleted(plan.failoverId(), 1, 0, null));

        assertThat(done).extracting(NodeTransition::to).containsExactly(NodeState.MAINTENANCE);
        assertThat(model.node("node-1").state()).isEqualTo(NodeState.MAINTENANCE);
    }

    @Test
    void shouldPutADrainedNodeInMaintenanceAtOnceWhenItHasNothingToMove() {
        model.onNodeStatus(id(), T0, status("node-1", 1));
        model.onAdmin("evt-drain", T0, new AdminEvent.NodeDrainRequested("req-1", "node-1", "alice"));

        FailoverPlanned plan = planNext();

        assertThat(plan.assignments()).isEmpty();
        assertThat(model.node("node-1").state()).isEqualTo(NodeState.MAINTENANCE);
    }

    @Test
    void shouldPutADrainedNodeInMaintenanceWhenItsEmptyPlanIsReadBeforeTheRequest() {
        model.onNodeStatus(id(), T0, status("node-1", 1));
        model.onPlanned(id(), T0, planned("evt-drain", TriggerKind.NODE_DRAIN, "node-1", List.of(), List.of()));

        model.onAdmin("evt-drain", T0, new AdminEvent.NodeDrainRequested("req-1", "node-1", "alice"));

        assertThat(model.node("node-1").state()).isEqualTo(NodeState.MAINTENANCE);
        assertThat(model.nextRequest()).isEmpty();
    }

    @Test
    void shouldOfferAFailbackOnlyAfterThePreferredOwnerHasBeenActiveForTheDelay() {
        GroupSpec spec = new GroupSpec("a", "vol-a", List.of(new ContainerSpec("a-c", 1000, 1024, List.of())), 10,
                List.of("node-1", "node-2"), List.of(), null,
                new FailbackPolicy(FailbackPolicy.Mode.PREFERRED_OWNER, 60));
        model.onAdmin(id(), T0, new AdminEvent.GroupDefined(spec));
        model.onNodeStatus(id(), T0, status("node-1", 1));
        model.onNodeStatus(id(), T0, status("node-2", 1, new VolumeStatus("vol-a", "a", 5)));
        model.onNodeHealth(id(), T0, nodeFailed("node-1"));
        String recovered = id();
        Instant back = T0.plusSeconds(100);
        model.onNodeHealth(recovered, back, new NodeHealthEvent.NodeRecovered("node-1", "inc", back, "FAILED"));

        assertThat(model.dueFailbacks(back.plusSeconds(59))).isEmpty();
        List<PlacementRequest.Failback> due = model.dueFailbacks(back.plusSeconds(60));

        assertThat(due).containsExactly(new PlacementRequest.Failback("failback:a:node-1:" + recovered, "a",
                "node-1"));
        FailoverPlanned plan = engine.plan(model.snapshot(back), due.get(0)).toEvent(back, CandidateListing.ALL);
        model.onPlanned(id(), back, plan);
        assertThat(plan.assignments()).extracting(Assignment::toNodeId).containsExactly("node-1");
        assertThat(model.dueFailbacks(back.plusSeconds(600))).as("planned once, then in flight").isEmpty();
    }

    /**
     * Two instances read the same topics but interleave them differently; each topic's own order holds. They must
     * end with the same model.
     */
    @Test
    void shouldReachTheSameStateWhateverTheInterleavingOfTheTopics() {
        List<List<Consumer<ClusterModel>>> topics = scenario();
        ClusterSnapshot reference = null;
        for (int seed = 0; seed < 50; seed++) {
            ClusterModel replica = new ClusterModel(TIMEOUT);
            Random random = new Random(seed);
            List<Integer> positions = new ArrayList<>(Collections.nCopies(topics.size(), 0));
            int remaining = topics.stream().mapToInt(List::size).sum();
            while (remaining-- > 0) {
                int t;
                do {
                    t = random.nextInt(topics.size());
                } while (positions.get(t) >= topics.get(t).size());
                topics.get(t).get(positions.get(t)).accept(replica);
                positions.set(t, positions.get(t) + 1);
            }
            ClusterSnapshot snapshot = replica.snapshot(T0);
            if (reference == null) {
                reference = snapshot;
            }
            assertThat(snapshot).as("interleaving %d", seed).isEqualTo(reference);
            assertThat(replica.nextRequest()).as("interleaving %d", seed).isEmpty();
        }
        assertThat(reference.groups().get("a").nodeId()).isEqualTo("node-2");
        assertThat(reference.groups().get("b").nodeId()).isEqualTo("node-3");
        assertThat(reference.nodes().get("node-1").state()).isEqualTo(NodeState.FAILED);
        assertThat(reference.nodes().get("node-4").state()).as("c is still on its way").isEqualTo(NodeState.DRAINING);
        assertThat(reference.reservations()).extracting(Reservation::groupId).containsExactly("c");
    }

    /** node-1 fails with a and b; a moves to node-2, b to node-3, c (moved off node-4's drain) is still on its way. */
    private static List<List<Consumer<ClusterModel>>> scenario() {
        String failed = "evt-failed";
        String drain = "evt-drain";
        FailoverPlanned failover = planned(failed, TriggerKind.NODE_FAILED, "node-1",
                List.of(assign("a", "node-1", "node-2"), assign("b", "node-1", "node-3")), List.of());
        FailoverPlanned drainPlan = planned(drain, TriggerKind.NODE_DRAIN, "node-4",
                List.of(assign("c", "node-4", "node-2")), List.of());
        List<Consumer<ClusterModel>> status = List.of(
                m -> m.onNodeStatus("s1", T0, status("node-1", 1, new VolumeStatus("vol-a", "a", 1),
                        new VolumeStatus("vol-b", "b", 1))),
                m -> m.onNodeStatus("s2", T0, status("node-2", 1)),
                m -> m.onNodeStatus("s3", T0, status("node-3", 1)),
                m -> m.onNodeStatus("s4", T0, status("node-4", 1, new VolumeStatus("vol-c", "c", 7))),
                m -> m.onNodeStatus("s5", T0, status("node-2", 2, new VolumeStatus("vol-a", "a", 2))));
        List<Consumer<ClusterModel>> health = List.of(m -> m.onNodeHealth(failed, T0, nodeFailed("node-1")));
        List<Consumer<ClusterModel>> admin = List.of(
                m -> m.onAdmin("d-a", T0, new AdminEvent.GroupDefined(group("a"))),
                m -> m.onAdmin("d-b", T0, new AdminEvent.GroupDefined(group("b"))),
                m -> m.onAdmin("d-c", T0, new AdminEvent.GroupDefined(group("c"))),
                m -> m.onAdmin(drain, T0, new AdminEvent.NodeDrainRequested("r", "node-4", "op")));
        List<Consumer<ClusterModel>> decisions = List.of(
                m -> m.onPlanned("p-a", T0, planned("d-a", TriggerKind.GROUP_START, null, List.of(), List.of())),
                m -> m.onPlanned("p-b", T0, planned("d-b", TriggerKind.GROUP_START, null, List.of(), List.of())),
                m -> m.onPlanned("p-c", T0, planned("d-c", TriggerKind.GROUP_START, null, List.of(), List.of())),
                m -> m.onPlanned("p1", T0, failover),
                m -> m.onPlanned("p2", T0, drainPlan));
        List<Consumer<ClusterModel>> reports = List.of(
                m -> m.onFailoverEvent("f1", T0, new FailoverEvent.GroupRelocated(failover.failoverId(), "a",
                        "node-1", "node-2", 2, T0, T0, List.of())),
                m -> m.onFailoverEvent("f2", T0, new FailoverEvent.GroupRelocated(failover.failoverId(), "b",
                        "node-1", "node-3", 2, T0, T0, List.of())),
                m -> m.onFailoverEvent("f3", T0, new FailoverEvent.FailoverCompleted(failover.failoverId(), 2, 0,
                        null)));
        List<Consumer<ClusterModel>> drainReports = List.of(
                m -> m.onFailoverEvent("f4", T0, new FailoverEvent.GroupStepChanged(drainPlan.failoverId(), "c",
                        "stop", "done", "node-2", T0, null)));
        return List.of(status, health, admin, decisions, reports, drainReports);
    }
}

package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.events.DesiredState;
import io.hacluster.events.PlacementDecision.Candidate;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.TriggerKind;

class PlacementEngineTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final PlacementEngine engine = new PlacementEngine();

    private static PlacementRequest.NodeFailed failed(String nodeId) {
        return new PlacementRequest.NodeFailed("evt-fail-" + nodeId, nodeId,
                new NodeFailure("inc-1", NOW.minusSeconds(3), NOW, 2000, "silent for 2600 ms"));
    }

    private static String target(Plan plan, String groupId) {
        GroupDecision d = plan.decisionFor(groupId);
        assertThat(d).as("decision for %s", groupId).isNotNull();
        return d.toNodeId();
    }

    @Test
    void shouldMoveEveryGroupOfAFailedNodeToTheSurvivingNodes() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2", "node-3")
                .group("101", g -> g.on("node-1").needs(1000, 1024))
                .group("102", g -> g.on("node-1").needs(1000, 1024))
                .group("103", g -> g.on("node-1").needs(1000, 1024))
                .node("node-1", n -> n.state(NodeState.FAILED));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(plan.unplaced()).isEmpty();
        assertThat(plan.placed()).extracting(GroupDecision::groupId).containsExactlyInAnyOrder("101", "102", "103");
        assertThat(plan.placed()).extracting(GroupDecision::toNodeId).allMatch(n -> !n.equals("node-1"))
                .contains("node-2", "node-3");
        assertThat(plan.sourceNodeId()).isEqualTo("node-1");
        assertThat(plan.placed()).allMatch(d -> "node-1".equals(d.fromNodeId()));
    }

    @Test
    void shouldLeaveLowestPriorityGroupUnplacedWhenCapacityRunsOut() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.capacity(2000, 4096))
                .group("gold", g -> g.on("node-1").priority(30).needs(1000, 1024))
                .group("silver", g -> g.on("node-1").priority(20).needs(1000, 1024))
                .group("bronze", g -> g.on("node-1").priority(10).needs(1000, 1024));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(plan.placed()).extracting(GroupDecision::groupId).containsExactly("gold", "silver");
        assertThat(plan.unplaced()).extracting(GroupDecision::groupId).containsExactly("bronze");
        assertThat(plan.decisionFor("bronze").reason()).startsWith("no node can take it (2 considered)")
                .contains("not enough free capacity: node-2").contains("the node it leaves: node-1");
    }

    @Test
    void shouldPlaceTheLargestGroupFirstAmongEqualPriorities() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.capacity(3000, 8192))
                .group("small-a", g -> g.on("node-1").needs(1000, 1024))
                .group("small-b", g -> g.on("node-1").needs(1000, 1024))
                .group("large", g -> g.on("node-1").needs(2500, 1024));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(plan.decisions()).extracting(GroupDecision::groupId).containsExactly("large", "small-a", "small-b");
        assertThat(target(plan, "large")).isEqualTo("node-2");
        assertThat(plan.unplaced()).extracting(GroupDecision::groupId).containsExactly("small-a", "small-b");
    }

    @Test
    void shouldPreferTheFirstPreferredOwnerThatPassesTheFilters() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.state(NodeState.SUSPECT)).nodes("node-3", "node-4")
                .node("node-5", n -> n.capacity(64000, 262144))
                .group("db", g -> g.on("node-1").preferred("node-2", "node-4", "node-3"));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(target(plan, "db")).isEqualTo("node-4");
        List<Candidate> candidates = plan.decisionFor("db").evaluations().stream().map(Evaluation::candidate).toList();
        assertThat(candidates).extracting(Candidate::nodeId).containsExactly("node-4", "node-3", "node-5", "node-1",
                "node-2");
        assertThat(candidates.get(0).chosen()).isTrue();
        assertThat(candidates.get(0).preferredRank()).isEqualTo(1);
        assertThat(candidates.get(2).preferredRank()).isEqualTo(-1);
        assertThat(candidates.get(4).rejectedBecause()).isEqualTo("node is SUSPECT");
    }

    @Test
    void shouldSpreadGroupsToTheNodeWithTheMostFreeCapacityLeft() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.usage(3000, 1024))
                .node("node-3", n -> n.usage(1000, 1024))
                .node("node-4", n -> n.usage(1000, 6000))
                .group("web", g -> g.on("node-1").needs(500, 512));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        // node-3 keeps 62% of its CPU and 81% of its memory; node-4 only 20% of its memory; node-2 12% of its CPU
        assertThat(target(plan, "web")).isEqualTo("node-3");
        assertThat(plan.decisionFor("web").evaluations()).extracting(Evaluation::nodeId).startsWith("node-3",
                "node-4", "node-2");
    }

    @Test
    void shouldSpreadTheGroupsOfAFailedNodeInsteadOfStackingThem() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED)).nodes("node-2", "node-3")
                .group("a", g -> g.on("node-1").needs(1000, 1024))
                .group("b", g -> g.on("node-1").needs(1000, 1024));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(List.of(target(plan, "a"), target(plan, "b"))).containsExactlyInAnyOrder("node-2", "node-3");
    }

    @Test
    void shouldBreakTiesByNodeIdSoThatTheSameInputGivesTheSamePlan() {
        Cluster cluster = new Cluster().nodes("node-c", "node-a", "node-b").node("node-x",
                n -> n.state(NodeState.FAILED))
                .group("g", g -> g.on("node-x"));

        Plan first = engine.plan(cluster.snapshot(), failed("node-x"));
        Plan second = engine.plan(cluster.snapshot(), failed("node-x"));

        assertThat(target(first, "g")).isEqualTo("node-a");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldNeverChooseANodeThatCannotReachTheVolume() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.reaches("vol-other").capacity(64000, 262144))
                .node("node-3")
                .group("g", g -> g.on("node-1"));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(target(plan, "g")).isEqualTo("node-3");
        assertThat(plan.decisionFor("g").evaluations()).filteredOn(e -> e.nodeId().equals("node-2"))
                .singleElement().satisfies(e -> {
                    assertThat(e.rejection()).isEqualTo(Rejection.VOLUME);
                    assertThat(e.candidate().rejectedBecause()).isEqualTo("cannot reach volume vol-g");
                });
    }

    @Test
    void shouldPlaceAGroupOnlyOnItsPossibleOwners() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.capacity(64000, 262144)).node("node-3")
                .group("licensed", g -> g.on("node-1").possible("node-1", "node-3"));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(target(plan, "licensed")).isEqualTo("node-3");
        assertThat(plan.decisionFor("licensed").evaluations()).filteredOn(e -> e.nodeId().equals("node-2"))
                .extracting(Evaluation::rejection).containsExactly(Rejection.POSSIBLE_OWNER);
    }

    @Test
    void shouldKeepGroupsOfTheSameAntiAffinityClassOnDifferentNodes() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .nodes("node-2", "node-3", "node-4")
                .group("db-running", g -> g.on("node-2").antiAffinity("db"))
                .group("db-1", g -> g.on("node-1").antiAffinity("db").needs(1000, 1024))
                .group("db-2", g -> g.on("node-1").antiAffinity("db").needs(900, 1024))
                .group("db-3", g -> g.on("node-1").antiAffinity("db").needs(800, 1024));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(target(plan, "db-1")).isIn("node-3", "node-4");
        assertThat(target(plan, "db-2")).isIn("node-3", "node-4").isNotEqualTo(target(plan, "db-1"));
        assertThat(plan.decisionFor("db-3").placed()).isFalse();
        assertThat(plan.decisionFor("db-3").evaluations()).extracting(e -> e.candidate().rejectedBecause())
                .contains("anti-affinity class db: group db-running runs there",
                        "anti-affinity class db: group db-1 is placed there by this plan");
    }

    @Test
    void shouldCountReservationsOfEarlierPlansAgainstFreeCapacity() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.capacity(2000, 4096)).node("node-3", n -> n.capacity(2000, 4096))
                .group("moving", g -> g.on("node-9").needs(1500, 1024))
                .reservation("fo-earlier", "moving", "node-2", 1500, 1024)
                .group("g", g -> g.on("node-1").needs(1000, 1024));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(target(plan, "g")).isEqualTo("node-3");
        assertThat(plan.decisionFor("g").evaluations()).filteredOn(e -> e.nodeId().equals("node-2"))
                .singleElement().satisfies(e -> assertThat(e.candidate().rejectedBecause()).isEqualTo(
                        "not enough free capacity: needs 1000m CPU and 1024 MiB, 500m CPU and 3072 MiB free"));
    }

    @Test
    void shouldCountTheDemandOfGroupsOnANodeWhenItsReportedUsageLagsBehind() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.capacity(2000, 4096).usage(0, 0))
                .group("already-there", g -> g.on("node-2").needs(1500, 1024))
                .group("g", g -> g.on("node-1").needs(1000, 1024));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(plan.decisionFor("g").placed()).isFalse();
    }

    @Test
    void shouldOfferNoGroupToSuspectDrainingMaintenanceSilentOrSelfFencedNodes() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.state(NodeState.SUSPECT))
                .node("node-3", n -> n.state(NodeState.DRAINING))
                .node("node-4", n -> n.state(NodeState.MAINTENANCE))
                .node("node-5", Cluster.Node::silent)
                .node("node-6", Cluster.Node::selfFenced)
                .group("g", g -> g.on("node-1"));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        GroupDecision d = plan.decisionFor("g");
        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo("no node can take it (6 considered): the node it leaves: node-1; "
                + "not active: node-2, node-3, node-4 and 2 more");
        assertThat(d.evaluations()).extracting(e -> e.candidate().rejectedBecause()).containsExactly(
                "the group leaves this node", "node is SUSPECT", "node is DRAINING", "node is MAINTENANCE",
                "no status received from this node yet", "node reports it has fenced itself");
    }

    @Test
    void shouldLeaveGroupsThatAnotherFailoverIsMovingToThatFailover() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED)).node("node-2")
                .group("in-flight", g -> g.on("node-1"))
                .reservation("fo-drain", "in-flight", "node-2", 500, 512)
                .group("idle", g -> g.on("node-1"));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(plan.decisions()).extracting(GroupDecision::groupId).containsExactly("idle");
    }

    @Test
    void shouldDrainOnlyANodeThatIsStillDraining() {
        Cluster draining = new Cluster().node("node-1", n -> n.state(NodeState.DRAINING)).node("node-2")
                .group("g", g -> g.on("node-1"));
        Cluster resumed = new Cluster().node("node-1").node("node-2").group("g", g -> g.on("node-1"));
        var drain = new PlacementRequest.NodeDrain("evt-drain", "req-1", "node-1");

        assertThat(target(engine.plan(draining.snapshot(), drain), "g")).isEqualTo("node-2");
        assertThat(engine.plan(resumed.snapshot(), drain).decisions()).isEmpty();
    }

    @Test
    void shouldMoveAGroupToTheNamedNode() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2", "node-3").group("g", g -> g.on("node-1"));

        Plan plan = engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("evt-m", "req-m", "g", "node-3"));

        assertThat(target(plan, "g")).isEqualTo("node-3");
        assertThat(plan.sourceNodeId()).isEqualTo("node-1");
        assertThat(plan.decisionFor("g").evaluations()).extracting(Evaluation::nodeId).containsExactly("node-3");
        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.GROUP_MOVE);
        assertThat(plan.trigger().requestId()).isEqualTo("req-m");
    }

    @Test
    void shouldSayWhyTheNamedNodeCannotTakeTheGroup() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2").node("node-3", n -> n.capacity(100, 100))
                .group("g", g -> g.on("node-1"));

        Plan full = engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("e1", "r1", "g", "node-3"));
        Plan same = engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("e2", "r2", "g", "node-1"));
        Plan unknown = engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("e3", "r3", "g", "node-9"));

        assertThat(full.decisionFor("g").reason()).isEqualTo("the requested node node-3 cannot take it: not enough "
                + "free capacity: needs 500m CPU and 512 MiB, 100m CPU and 100 MiB free");
        assertThat(same.decisionFor("g").reason()).isEqualTo("the group already runs on the requested node node-1");
        assertThat(unknown.decisionFor("g").reason()).isEqualTo("the requested node node-9 cannot take it: unknown node");
    }

    @Test
    void shouldMoveAGroupAnywhereButWhereItRuns() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2").group("g", g -> g.on("node-1").preferred("node-1"));

        Plan plan = engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("evt-m", "req-m", "g", null));

        assertThat(target(plan, "g")).isEqualTo("node-2");
    }

    @Test
    void shouldRefuseToMoveAGroupThatIsAlreadyBeingMoved() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2", "node-3").group("g", g -> g.on("node-1"))
                .reservation("fo-1", "g", "node-2", 500, 512);

        Plan plan = engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("evt-m", "req-m", "g", "node-3"));

        assertThat(plan.decisionFor("g").reason()).isEqualTo("the group is already being moved by failover fo-1");
    }

    @Test
    void shouldReplanAGroupAwayFromTheNodesThatFailedOrRefused() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED))
                .node("node-2", n -> n.capacity(64000, 262144)).nodes("node-3", "node-4")
                .group("g", g -> g.on("node-1").preferred("node-2", "node-3"))
                .reservation("fo-parent", "g", "node-2", 500, 512);
        var replan = new PlacementRequest.Replan("evt-r", "req-r", "fo-parent", "g", "node-1",
                List.of("node-2"), "mount refused: epoch 4 below 5");

        Plan plan = engine.plan(cluster.snapshot(), replan);

        assertThat(target(plan, "g")).isEqualTo("node-3");
        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.REPLAN);
        assertThat(plan.trigger().parentFailoverId()).isEqualTo("fo-parent");
        assertThat(plan.failoverId()).isEqualTo(FailoverIds.fromCause("evt-r"));
        assertThat(plan.decisionFor("g").evaluations()).filteredOn(e -> e.nodeId().equals("node-2"))
                .extracting(e -> e.candidate().rejectedBecause())
                .containsExactly("excluded: failed or refused earlier in failover fo-parent");
    }

    @Test
    void shouldStartANewGroupWhereItFitsAndNothingForAGroupThatAlreadyRuns() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2").group("new", g -> g.preferred("node-2"))
                .group("running", g -> g.on("node-1"));

        Plan start = engine.plan(cluster.snapshot(), new PlacementRequest.GroupStart("evt-def", "new"));
        Plan nothing = engine.plan(cluster.snapshot(), new PlacementRequest.GroupStart("evt-def2", "running"));

        assertThat(target(start, "new")).isEqualTo("node-2");
        assertThat(start.sourceNodeId()).isNull();
        assertThat(start.decisionFor("new").fromNodeId()).isNull();
        assertThat(nothing.decisions()).isEmpty();
    }

    @Test
    void shouldFailBackOnlyToAPreferredOwnerRankedAboveTheCurrentNode() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2", "node-3")
                .node("node-9", n -> n.capacity(64000, 262144))
                .group("g", g -> g.on("node-3").preferred("node-1", "node-2", "node-3").failback(60));

        Plan plan = engine.plan(cluster.snapshot(), new PlacementRequest.Failback("fb-1", "g", "node-1"));

        assertThat(target(plan, "g")).isEqualTo("node-1");
        assertThat(plan.decisionFor("g").evaluations()).extracting(Evaluation::nodeId).containsExactly("node-1",
                "node-2");
        assertThat(plan.trigger().kind()).isEqualTo(TriggerKind.FAILBACK);
    }

    @Test
    void shouldCopyTheNodeFailureIntoTheTriggerAndDeriveTheFailoverIdFromTheCause() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED)).node("node-2")
                .group("g", g -> g.on("node-1"));
        PlacementRequest.NodeFailed request = failed("node-1");

        FailoverPlanned event = engine.plan(cluster.snapshot(), request).toEvent(NOW, CandidateListing.ALL);

        assertThat(event.failoverId()).isEqualTo(FailoverIds.fromCause("evt-fail-node-1"))
                .isEqualTo("fo-" + java.util.UUID.nameUUIDFromBytes(
                        "plan:evt-fail-node-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(event.trigger().kind()).isEqualTo(TriggerKind.NODE_FAILED);
        assertThat(event.trigger().nodeId()).isEqualTo("node-1");
        assertThat(event.trigger().causeEventId()).isEqualTo("evt-fail-node-1");
        assertThat(event.trigger().failure()).isEqualTo(request.failure());
        assertThat(event.sourceNodeId()).isEqualTo("node-1");
        assertThat(event.plannedAt()).isEqualTo(NOW);
        assertThat(event.assignments()).singleElement().satisfies(a -> {
            assertThat(a.groupId()).isEqualTo("g");
            assertThat(a.volumeId()).isEqualTo("vol-g");
            assertThat(a.fromNodeId()).isEqualTo("node-1");
            assertThat(a.toNodeId()).isEqualTo("node-2");
            assertThat(a.containers()).isEqualTo(cluster.spec("g").containers());
            assertThat(a.candidates()).extracting(Candidate::nodeId).containsExactly("node-2", "node-1");
        });
    }

    @Test
    void shouldPublishEveryCandidateOfASmallClusterAndAnExplainingSelectionOfALargeOne() {
        Cluster cluster = new Cluster().node("n-src", n -> n.state(NodeState.FAILED))
                .group("g", g -> g.on("n-src").preferred("n-050", "n-070"));
        for (int i = 0; i < 100; i++) {
            String id = String.format("n-%03d", i);
            cluster.node(id, n -> {
                if (id.compareTo("n-060") >= 0) {
                    n.state(NodeState.MAINTENANCE);
                }
            });
        }
        Plan plan = engine.plan(cluster.snapshot(), failed("n-src"));

        List<Candidate> all = CandidateListing.ALL.select(plan.decisionFor("g"));
        List<Candidate> few = new CandidateListing(32, 2, 1).select(plan.decisionFor("g"));

        assertThat(all).hasSize(101);
        assertThat(few).extracting(Candidate::nodeId).containsExactly("n-050", "n-000", "n-001", "n-060", "n-070",
                "n-src");
        assertThat(few.get(0).chosen()).isTrue();
    }

    // ---------------------------------------------------------------- the reconciler's requests

    @Test
    void shouldPlanARestartInPlaceOnTheNodeAndUnderTheEpochTheGroupHolds() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2").group("a", g -> g.on("node-1").needs(500, 512)
                .needs(500, 512));

        Plan plan = engine.plan(cluster.snapshot(), new PlacementRequest.Restart("repair:a:1", "a", "node-1", 7,
                "a-c1", "container a-c1 FAILED"));
        FailoverPlanned event = plan.toEvent(NOW, CandidateListing.ALL);

        assertThat(event.trigger().kind()).isEqualTo(TriggerKind.RESTART);
        assertThat(event.trigger().reason()).isEqualTo("container a-c1 FAILED");
        assertThat(event.assignments()).singleElement().satisfies(a -> {
            assertThat(a.inPlace()).isTrue();
            assertThat(a.toNodeId()).isEqualTo("node-1");
            assertThat(a.epoch()).isEqualTo(7);
            assertThat(a.restartFrom()).isEqualTo("a-c1");
            assertThat(a.containers()).hasSize(2);
        });
    }

    @Test
    void shouldNotRestartAGroupThatMovedOrThatAFailoverHandles() {
        Cluster moved = new Cluster().nodes("node-1", "node-2").group("a", g -> g.on("node-2"));
        Plan plan = engine.plan(moved.snapshot(), new PlacementRequest.Restart("repair:a:1", "a", "node-1", 7, "a-c0",
                "x"));
        assertThat(plan.actsOnSomething()).isFalse();
        assertThat(plan.decisionFor("a").reason()).isEqualTo("the group is no longer on node-1");

        Cluster handled = new Cluster().nodes("node-1", "node-2").group("a", g -> g.on("node-1"))
                .reservation("fo-9", "a", "node-1", 500, 512);
        assertThat(engine.plan(handled.snapshot(), new PlacementRequest.Restart("repair:a:1", "a", "node-1", 7, "a-c0",
                "x")).actsOnSomething()).isFalse();
    }

    @Test
    void shouldPlanAStopAsAReleaseOnTheNodeWhereTheGroupRuns() {
        Cluster cluster = new Cluster().nodes("node-1").group("a", g -> g.on("node-1").desired(DesiredState.OFFLINE));

        FailoverPlanned event = engine.plan(cluster.snapshot(), new PlacementRequest.Stop("repair:a:1", "a", "node-1",
                4, "desired OFFLINE")).toEvent(NOW, CandidateListing.ALL);

        assertThat(event.trigger().kind()).isEqualTo(TriggerKind.GROUP_STOP);
        assertThat(event.assignments()).isEmpty();
        assertThat(event.releases()).singleElement().satisfies(r -> {
            assertThat(r.groupId()).isEqualTo("a");
            assertThat(r.nodeId()).isEqualTo("node-1");
            assertThat(r.epoch()).isEqualTo(4);
            assertThat(r.containers()).extracting(c -> c.containerId()).containsExactly("a-c0");
        });
    }

    @Test
    void shouldRecoverAGroupFromAFailedNodeWithTheFailureForTheExecutorToFence() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED)).nodes("node-2")
                .group("a", g -> g.on("node-1"));
        NodeFailure failure = new NodeFailure("inc-1", NOW.minusSeconds(3), NOW, 2000, "silent");

        FailoverPlanned event = engine.plan(cluster.snapshot(), new PlacementRequest.Recover("repair:a:1", "a",
                "node-1", failure, "last on failed node node-1")).toEvent(NOW, CandidateListing.ALL);

        assertThat(event.trigger().kind()).isEqualTo(TriggerKind.RECOVER);
        assertThat(event.trigger().failure()).isEqualTo(failure);
        assertThat(event.trigger().nodeId()).isEqualTo("node-1");
        assertThat(event.sourceNodeId()).isEqualTo("node-1");
        assertThat(event.assignments()).singleElement().satisfies(a -> {
            assertThat(a.toNodeId()).isEqualTo("node-2");
            assertThat(a.fromNodeId()).isEqualTo("node-1");
            assertThat(a.inPlace()).isFalse();
        });
    }

    @Test
    void shouldNeverPlaceAGroupOnANodeItAvoidsAndSayWhy() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED)).nodes("node-2", "node-3")
                .group("a", g -> g.on("node-1").avoids("node-2").preferred("node-2"));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(target(plan, "a")).isEqualTo("node-3");
        assertThat(plan.decisionFor("a").evaluations()).filteredOn(e -> e.nodeId().equals("node-2")).singleElement()
                .satisfies(e -> {
                    assertThat(e.rejection()).isEqualTo(Rejection.AVOIDED);
                    assertThat(e.candidate().rejectedBecause()).contains("failed 2 time(s) here");
                });
    }

    @Test
    void shouldLeaveStoppedAndUnmanagedGroupsOutOfNodeFailuresAndDrains() {
        Cluster cluster = new Cluster().node("node-1", n -> n.state(NodeState.FAILED)).nodes("node-2")
                .group("off", g -> g.on("node-1").desired(DesiredState.OFFLINE))
                .group("alone", g -> g.on("node-1").desired(DesiredState.UNMANAGED))
                .group("on", g -> g.on("node-1"));

        Plan plan = engine.plan(cluster.snapshot(), failed("node-1"));

        assertThat(plan.decisions()).extracting(GroupDecision::groupId).containsExactly("on");
    }

    @Test
    void shouldRefuseToMoveAStoppedOrUnmanagedGroup() {
        Cluster cluster = new Cluster().nodes("node-1", "node-2")
                .group("off", g -> g.on("node-1").desired(DesiredState.OFFLINE))
                .group("alone", g -> g.on("node-1").desired(DesiredState.UNMANAGED));

        assertThat(engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("evt-m1", "req-1", "off", null))
                .decisionFor("off").reason()).isEqualTo("the group's desired state is OFFLINE");
        assertThat(engine.plan(cluster.snapshot(), new PlacementRequest.GroupMove("evt-m2", "req-2", "alone", null))
                .decisionFor("alone").reason()).isEqualTo("the group is unmanaged: the cluster leaves it");
    }
}

package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.DesiredState;
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
import io.hacluster.events.VolumeStatus;

/**
 * The scenarios the reconciler exists for, driven the way the leader drives it: events applied to the model, then the
 * reconciler's repairs planned by the engine and applied as published plans, with the executor's reports fed back by
 * hand. A fake clock; milliseconds per scenario.
 */
class ReconcileScenarioTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final ClusterModel model = new ClusterModel(Duration.ofMinutes(5));
    private final PlacementEngine engine = new PlacementEngine();
    private final Reconciler reconciler = new Reconciler(new Reconciler.Settings(Duration.ofSeconds(5),
            Duration.ofMinutes(5)));
    private final Map<String, Long> seqs = new LinkedHashMap<>();
    private final Map<String, NodeStatus> last = new LinkedHashMap<>();
    private Instant now = T0;
    private int events;

    ReconcileScenarioTest() {
        model.countFailuresFromStatus(true);
    }

    // ---------------------------------------------------------------- the harness

    private String id() {
        return "evt-" + (++events);
    }

    private static GroupSpec group(String id, List<String> possibleOwners, String... containers) {
        List<ContainerSpec> specs = new ArrayList<>();
        for (String c : containers) {
            specs.add(new ContainerSpec(c, 500, 512, List.of()));
        }
        return new GroupSpec(id, "vol-" + id, specs, 10, List.of(), possibleOwners, null, FailbackPolicy.NEVER);
    }

    private void define(GroupSpec group) {
        model.onAdmin(id(), now, new AdminEvent.GroupDefined(group));
    }

    /** A status of the node: the groups mounted there at their epoch, each container in the given state. */
    private void status(String node, String incarnation, Map<String, Long> mounted,
            Map<String, ContainerState> containers) {
        long seq = seqs.merge(node + incarnation, 1L, Long::sum);
        List<VolumeStatus> volumes = new ArrayList<>();
        mounted.forEach((g, epoch) -> volumes.add(new VolumeStatus("vol-" + g, g, epoch)));
        List<ContainerStatus> reported = new ArrayList<>();
        containers.forEach((c, state) -> reported.add(new ContainerStatus(c, c.substring(0, c.indexOf('-')), state,
                state == ContainerState.FAILED ? "exited with code 1" : "pid 1")));
        NodeStatus s = new NodeStatus(node, incarnation, seq, now, NodeStatus.Mode.ACTIVE, new Resources(4000, 8192),
                Resources.NONE, List.of("vol-a", "vol-b", "vol-c"), reported, volumes, null);
        last.put(node, s);
        model.onNodeStatus(id(), now, s);
    }

    private void emptyStatus(String node, String incarnation) {
        status(node, incarnation, Map.of(), Map.of());
    }

    /** Plans every cause waiting and every repair due, as the leader does after each change; returns the plans. */
    private List<FailoverPlanned> lead() {
        List<FailoverPlanned> published = new ArrayList<>();
        while (model.nextRequest().isPresent()) {
            published.add(publish(engine.plan(model.snapshot(now), model.nextRequest().orElseThrow())));
        }
        for (GroupFailureRecorded notice : model.unannouncedFailures()) {
            model.onFailureRecorded(notice);
        }
        for (PlacementRequest.Repair repair : reconciler.decide(model.observations(now), now)) {
            var again = reconciler.decide(model.observation(repair.groupId(), now), now);
            if (again.isEmpty() || !again.get().causeEventId().equals(repair.causeEventId())) {
                continue;
            }
            Plan plan = engine.plan(model.snapshot(now), again.get());
            if (!plan.actsOnSomething() && again.get() instanceof PlacementRequest.Relocate r && r.fallback() != null) {
                plan = engine.plan(model.snapshot(now), r.fallback());
            }
            if (plan.actsOnSomething()) {
                published.add(publish(plan));
            }
        }
        return published;
    }

    private FailoverPlanned publish(Plan plan) {
        FailoverPlanned event = plan.toEvent(now, CandidateListing.ALL);
        model.onPlanned(id(), now, event);
        return event;
    }

    /** The executor brought every assigned group of the plan online, and the plan's failover completed. */
    private void executed(FailoverPlanned plan, long epoch) {
        for (Assignment a : plan.assignments()) {
            model.onFailoverEvent(id(), now, new FailoverEvent.GroupRelocated(plan.failoverId(), a.groupId(),
                    a.fromNodeId(), a.toNodeId(), a.inPlace() ? a.epoch() : epoch, now, now, List.of()));
        }
        plan.releases().forEach(r -> model.onFailoverEvent(id(), now, new FailoverEvent.GroupStopped(
                plan.failoverId(), r.groupId(), r.nodeId(), now)));
        plan.unplaceable().forEach(u -> model.onFailoverEvent(id(), now, new FailoverEvent.GroupUnplaceable(
                plan.failoverId(), u.groupId(), u.fromNodeId(), u.reason(), now)));
        completed(plan);
    }

    private void completed(FailoverPlanned plan) {
        model.onFailoverEvent(id(), now, new FailoverEvent.FailoverCompleted(plan.failoverId(),
                plan.assignments().size(), plan.unplaceable().size(), null));
    }

    private void failed(FailoverPlanned plan, String why) {
        plan.assignments().forEach(a -> model.onFailoverEvent(id(), now, new FailoverEvent.GroupUnplaceable(
                plan.failoverId(), a.groupId(), a.fromNodeId(), why, now)));
        model.onFailoverEvent(id(), now, new FailoverEvent.FailoverFailed(plan.failoverId(), why, null));
    }

    private void nodeFailed(String node, String incarnation) {
        model.onNodeHealth(id(), now, new NodeHealthEvent.NodeFailed(node, incarnation, now.minusSeconds(3), now,
                "silent for 3000 ms", 500, 2000));
    }

    private void rejoined(String node, String oldIncarnation, String newIncarnation) {
        model.onNodeHealth(id(), now, new NodeHealthEvent.NodeRejoined(node, oldIncarnation, newIncarnation, now));
    }

    private void pass(Duration d) {
        now = now.plus(d);
    }

    private void threeNodesWithAOnNode1(GroupSpec a) {
        define(a);
        status("node-1", "i1", Map.of("a", 3L), running(a));
        emptyStatus("node-2", "i2");
        emptyStatus("node-3", "i3");
        assertThat(lead()).as("the first start is answered, with nothing to do").hasSize(1);
    }

    private static Map<String, ContainerState> running(GroupSpec g) {
        Map<String, ContainerState> states = new LinkedHashMap<>();
        g.containers().forEach(c -> states.put(c.containerId(), ContainerState.RUNNING));
        return states;
    }

    private static Map<String, ContainerState> with(Map<String, ContainerState> states, String c, ContainerState s) {
        Map<String, ContainerState> copy = new LinkedHashMap<>(states);
        copy.put(c, s);
        return copy;
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void shouldRestartAContainerThatDiedInPlaceThenMoveTheGroupWhenItDiesAgain() {
        GroupSpec a = group("a", List.of(), "a-1", "a-2");
        threeNodesWithAOnNode1(a);

        status("node-1", "i1", Map.of("a", 3L), with(running(a), "a-2", ContainerState.FAILED));
        List<FailoverPlanned> restart = lead();

        assertThat(restart).hasSize(1);
        assertThat(restart.get(0).trigger().kind()).isEqualTo(TriggerKind.RESTART);
        Assignment inPlace = restart.get(0).assignments().get(0);
        assertThat(inPlace.inPlace()).isTrue();
        assertThat(inPlace.toNodeId()).isEqualTo("node-1");
        assertThat(inPlace.epoch()).isEqualTo(3);
        assertThat(inPlace.restartFrom()).isEqualTo("a-2");
        assertThat(model.failureCounts("a").get("node-1").failures()).isEqualTo(1);
        assertThat(lead()).as("a failover handles it now").isEmpty();

        pass(Duration.ofSeconds(2));
        executed(restart.get(0), 3);
        assertThat(lead()).as("the node's status from before the restart is not judged again").isEmpty();
        status("node-1", "i1", Map.of("a", 3L), running(a));
        assertThat(lead()).isEmpty();

        pass(Duration.ofSeconds(60));
        status("node-1", "i1", Map.of("a", 3L), with(running(a), "a-1", ContainerState.FAILED));
        List<FailoverPlanned> relocate = lead();

        assertThat(relocate).hasSize(1);
        assertThat(relocate.get(0).trigger().kind()).isEqualTo(TriggerKind.RELOCATE);
        assertThat(relocate.get(0).trigger().reason()).as("the default policy avoids a node after two failures")
                .contains("container a-1 is FAILED on node-1").contains("avoided: failed 2 time(s) here");
        assertThat(relocate.get(0).assignments().get(0).fromNodeId()).isEqualTo("node-1");
        assertThat(relocate.get(0).assignments().get(0).toNodeId()).isIn("node-2", "node-3");
        assertThat(model.snapshot(now).groups().get("a").avoided()).as("two failures on node-1: the threshold")
                .containsOnlyKeys("node-1");
    }

    @Test
    void shouldBringAGroupRestrictedToAFailedNodeBackThereWhenTheNodeRejoins() {
        GroupSpec a = group("a", List.of("node-1"), "a-1");
        threeNodesWithAOnNode1(a);

        nodeFailed("node-1", "i1");
        List<FailoverPlanned> failover = lead();
        assertThat(failover).hasSize(1);
        assertThat(failover.get(0).unplaceable()).extracting(u -> u.groupId()).containsExactly("a");
        assertThat(model.claimedBy("a", now)).as("held while the executor fences node-1")
                .isEqualTo(failover.get(0).failoverId());

        executed(failover.get(0), 0);
        assertThat(lead()).as("no other node may take it: nothing to publish").isEmpty();
        assertThat(model.claimedBy("a", now)).isNull();

        pass(Duration.ofSeconds(30));
        rejoined("node-1", "i1", "i1b");
        emptyStatus("node-1", "i1b");
        List<FailoverPlanned> back = lead();

        assertThat(back).hasSize(1);
        assertThat(back.get(0).trigger().kind()).isEqualTo(TriggerKind.RECOVER);
        assertThat(back.get(0).trigger().failure()).as("it came back empty: nothing to fence").isNull();
        assertThat(back.get(0).assignments()).extracting(Assignment::toNodeId).containsExactly("node-1");
    }

    @Test
    void shouldRetryFencingWithBackOffAndPlaceTheGroupWhenItsNodeRejoinsEmpty() {
        GroupSpec a = group("a", List.of(), "a-1");
        threeNodesWithAOnNode1(a);

        nodeFailed("node-1", "i1");
        FailoverPlanned failover = lead().get(0);
        assertThat(failover.assignments()).hasSize(1);
        failed(failover, "every fencing method failed");

        List<FailoverPlanned> retry = lead();
        assertThat(retry).as("the group is still last on an unfenced failed node").hasSize(1);
        assertThat(retry.get(0).trigger().kind()).isEqualTo(TriggerKind.RECOVER);
        assertThat(retry.get(0).trigger().failure()).as("the executor fences node-1 first").isNotNull();
        assertThat(retry.get(0).sourceNodeId()).isEqualTo("node-1");
        failed(retry.get(0), "every fencing method failed");

        assertThat(lead()).as("one repair failed: wait 5 s").isEmpty();
        pass(Duration.ofSeconds(5));
        FailoverPlanned third = lead().get(0);
        failed(third, "every fencing method failed");
        pass(Duration.ofSeconds(9));
        assertThat(lead()).as("two failed: wait 10 s").isEmpty();

        rejoined("node-1", "i1", "i1b");
        emptyStatus("node-1", "i1b");
        List<FailoverPlanned> recovered = lead();

        assertThat(recovered).as("a node back changes the cluster: no more waiting").hasSize(1);
        assertThat(recovered.get(0).trigger().failure()).as("it rejoined empty: nothing to fence").isNull();
        assertThat(recovered.get(0).assignments()).hasSize(1);
    }

    @Test
    void shouldStopAGroupAskedToBeOfflineAndStartItAgainWhenAskedToBeOnline() {
        GroupSpec a = group("a", List.of(), "a-1");
        threeNodesWithAOnNode1(a);

        model.onAdmin(id(), now, new AdminEvent.GroupDesiredStateChanged("req-1", "a", DesiredState.OFFLINE, "alice"));
        List<FailoverPlanned> stop = lead();

        assertThat(stop).hasSize(1);
        assertThat(stop.get(0).trigger().kind()).isEqualTo(TriggerKind.GROUP_STOP);
        assertThat(stop.get(0).releases()).singleElement().satisfies(r -> {
            assertThat(r.nodeId()).isEqualTo("node-1");
            assertThat(r.epoch()).isEqualTo(3);
        });
        executed(stop.get(0), 0);
        assertThat(lead()).as("node-1's status from before the stop is not judged again").isEmpty();
        emptyStatus("node-1", "i1");
        assertThat(lead()).isEmpty();
        assertThat(model.snapshot(now).groups().get("a").nodeId()).isNull();

        nodeFailed("node-2", "i2");
        assertThat(lead()).as("a stopped group is not started by a failover").singleElement()
                .satisfies(p -> assertThat(p.assignments()).isEmpty());

        model.onAdmin(id(), now, new AdminEvent.GroupDesiredStateChanged("req-2", "a", DesiredState.ONLINE, "alice"));
        List<FailoverPlanned> start = lead();
        assertThat(start).singleElement().satisfies(p -> {
            assertThat(p.trigger().kind()).isEqualTo(TriggerKind.RECOVER);
            assertThat(p.assignments()).extracting(Assignment::toNodeId).containsExactly("node-1");
        });
    }

    @Test
    void shouldStopAGroupRemovedWhileItRunsAndForgetItOnceItRunsNowhere() {
        GroupSpec a = group("a", List.of(), "a-1");
        threeNodesWithAOnNode1(a);

        model.onAdmin(id(), now, new AdminEvent.GroupRemoved("a", "vol-a"));
        assertThat(model.isRemoved("a")).isTrue();
        model.onAdmin(id(), now, new AdminEvent.GroupDesiredStateChanged("req-1", "a", DesiredState.ONLINE, "alice"));
        List<FailoverPlanned> stop = lead();

        assertThat(stop).as("its containers still run on node-1: they are stopped, its volume released")
                .singleElement().satisfies(p -> {
                    assertThat(p.trigger().kind()).isEqualTo(TriggerKind.GROUP_STOP);
                    assertThat(p.releases()).singleElement().satisfies(r -> {
                        assertThat(r.nodeId()).isEqualTo("node-1");
                        assertThat(r.containers()).extracting(ContainerSpec::containerId).containsExactly("a-1");
                    });
                });
        nodeFailed("node-2", "i2");
        assertThat(lead()).as("a removed group is started nowhere").allSatisfy(p -> assertThat(p.assignments())
                .isEmpty());

        executed(stop.get(0), 0);
        emptyStatus("node-1", "i1");
        assertThat(lead()).isEmpty();
        assertThat(model.observation("a", now)).as("stopped: nothing of it is left").isNull();
        assertThat(model.isRemoved("a")).isFalse();
    }

    @Test
    void shouldForgetAGroupRemovedWhileItRunsNowhereAtOnceAndTakeOneDefinedAgainAsNew() {
        GroupSpec a = group("a", List.of(), "a-1");
        threeNodesWithAOnNode1(a);
        model.onAdmin(id(), now, new AdminEvent.GroupRemoved("a", "vol-a"));
        define(a);
        assertThat(model.isRemoved("a")).isFalse();
        assertThat(model.desiredState("a")).isEqualTo(DesiredState.ONLINE);
        assertThat(lead()).as("defined again while it runs where it ran: nothing to stop")
                .allSatisfy(p -> assertThat(p.releases()).isEmpty());

        GroupSpec b = group("b", List.of(), "b-1");
        define(b);
        model.onAdmin(id(), now, new AdminEvent.GroupRemoved("b", "vol-b"));
        assertThat(model.observation("b", now)).isNull();
        assertThat(lead()).as("its first start is answered with nothing to place").singleElement()
                .satisfies(p -> assertThat(p.assignments()).isEmpty());
    }

    @Test
    void shouldLeaveAnUnmanagedGroupWhereItIsEvenWhenItsNodeDrainsOrItsContainerDies() {
        GroupSpec a = group("a", List.of(), "a-1");
        threeNodesWithAOnNode1(a);
        model.onAdmin(id(), now, new AdminEvent.GroupDesiredStateChanged("req-1", "a", DesiredState.UNMANAGED, "bob"));

        status("node-1", "i1", Map.of("a", 3L), with(running(a), "a-1", ContainerState.FAILED));
        model.onAdmin(id(), now, new AdminEvent.NodeDrainRequested("req-2", "node-1", "bob"));

        assertThat(lead()).singleElement().satisfies(p -> {
            assertThat(p.trigger().kind()).isEqualTo(TriggerKind.NODE_DRAIN);
            assertThat(p.assignments()).isEmpty();
        });
        assertThat(model.failureCounts("a")).isEmpty();
    }

    @Test
    void shouldMoveAGroupOffANodeRemovedFromItsPossibleOwners() {
        GroupSpec a = group("a", List.of(), "a-1");
        threeNodesWithAOnNode1(a);

        model.onAdmin(id(), now, new AdminEvent.GroupChanged(group("a", List.of("node-2", "node-3"), "a-1")));
        List<FailoverPlanned> move = lead();

        assertThat(move).singleElement().satisfies(p -> {
            assertThat(p.trigger().kind()).isEqualTo(TriggerKind.RELOCATE);
            assertThat(p.assignments()).extracting(Assignment::toNodeId).containsExactly("node-2");
        });
    }

    @Test
    void shouldMoveAGroupThatArrivedOnANodeAfterItsDrainWasPlanned() {
        GroupSpec a = group("a", List.of(), "a-1");
        define(a);
        emptyStatus("node-1", "i1");
        emptyStatus("node-2", "i2");
        emptyStatus("node-3", "i3");
        FailoverPlanned start = lead().get(0);
        String target = start.assignments().get(0).toNodeId();

        model.onAdmin(id(), now, new AdminEvent.NodeDrainRequested("req-1", target, "alice"));
        assertThat(lead()).as("the group is on its way: the drain leaves it to its failover").singleElement()
                .satisfies(p -> assertThat(p.assignments()).isEmpty());

        executed(start, 1);
        status(target, target.equals("node-1") ? "i1" : target.equals("node-2") ? "i2" : "i3", Map.of("a", 1L),
                running(a));
        List<FailoverPlanned> away = lead();

        assertThat(away).singleElement().satisfies(p -> {
            assertThat(p.trigger().kind()).isEqualTo(TriggerKind.RELOCATE);
            assertThat(p.assignments().get(0).toNodeId()).isNotEqualTo(target);
        });
    }

    @Test
    void shouldPlaceAGroupLeftUnplaceableAsSoonAsCapacityComesBack() {
        GroupSpec big = new GroupSpec("big", "vol-big", List.of(new ContainerSpec("big-1", 6000, 512, List.of())), 10,
                List.of(), List.of(), null, FailbackPolicy.NEVER);
        define(big);
        emptyStatus("node-1", "i1");
        FailoverPlanned first = lead().get(0);
        assertThat(first.unplaceable()).hasSize(1);
        executed(first, 0);
        assertThat(lead()).isEmpty();

        NodeStatus large = new NodeStatus("node-9", "i9", 1, now, NodeStatus.Mode.ACTIVE, new Resources(16000, 8192),
                Resources.NONE, List.of("vol-big"), List.of(), List.of(), null);
        model.onNodeStatus(id(), now, large);

        assertThat(lead()).singleElement().satisfies(p -> {
            assertThat(p.trigger().kind()).isEqualTo(TriggerKind.RECOVER);
            assertThat(p.assignments()).extracting(Assignment::toNodeId).containsExactly("node-9");
        });
    }

    @Test
    void shouldAvoidANodeWhereTheExecutorFailedTwiceToStartTheGroup() {
        GroupSpec a = group("a", List.of(), "a-1");
        define(a);
        emptyStatus("node-1", "i1");
        emptyStatus("node-2", "i2");
        FailoverPlanned start = lead().get(0);
        String target = start.assignments().get(0).toNodeId();

        model.onFailoverEvent(id(), now, new FailoverEvent.GroupTargetFailed(start.failoverId(), "a", target,
                "start refused", now));
        model.onFailoverEvent(id(), now, new FailoverEvent.GroupTargetFailed("fo-other", "a", target,
                "mount refused", now.plusSeconds(1)));
        failed(start, "gave up");
        List<GroupFailureRecorded> notices = model.unannouncedFailures();

        assertThat(notices).hasSize(2);
        assertThat(notices.get(1).failuresOnNode()).isEqualTo(2);
        assertThat(notices.get(1).avoidedUntil()).isEqualTo(now.plusSeconds(1).plusSeconds(900));
        assertThat(lead()).singleElement().satisfies(p -> assertThat(p.assignments().get(0).toNodeId())
                .isNotEqualTo(target));
        assertThat(model.unannouncedFailures()).isEmpty();
    }

    @Test
    void shouldPlaceAgainOnANodeWhoseFailuresAnOperatorCleared() {
        GroupSpec a = group("a", List.of("node-1"), "a-1");
        define(a);
        emptyStatus("node-1", "i1");
        FailoverPlanned start = lead().get(0);
        model.onFailoverEvent(id(), now, new FailoverEvent.GroupTargetFailed(start.failoverId(), "a", "node-1",
                "start refused", now));
        model.onFailoverEvent(id(), now, new FailoverEvent.GroupTargetFailed(start.failoverId(), "a", "node-1",
                "start refused again", now));
        failed(start, "gave up");
        pass(Duration.ofMinutes(10));
        assertThat(lead()).as("the only possible owner is avoided").isEmpty();

        model.onAdmin(id(), now, new AdminEvent.GroupFailuresCleared("req-1", "a", null, "alice"));

        assertThat(lead()).singleElement().satisfies(p -> assertThat(p.assignments()).extracting(
                Assignment::toNodeId).containsExactly("node-1"));
    }

    @Test
    void shouldHoldNodeFailuresWithoutQuorumAndPlanThemOnceMoreThanHalfTheNodesAreAlive() {
        GroupSpec a = group("a", List.of(), "a-1");
        GroupSpec b = group("b", List.of(), "b-1");
        define(a);
        define(b);
        status("node-1", "i1", Map.of("a", 3L), running(a));
        status("node-2", "i2", Map.of("b", 4L), running(b));
        emptyStatus("node-3", "i3");
        lead();

        nodeFailed("node-1", "i1");
        nodeFailed("node-2", "i2");

        assertThat(model.quorum().held()).as(model.quorum().toString()).isFalse();
        assertThat(model.nextRequest(false)).as("both failures wait").isEmpty();
        assertThat(reconciler.decide(model.observations(now), now, false)).as("nothing is moved off a failed node")
                .isEmpty();

        rejoined("node-2", "i2", "i2b");
        emptyStatus("node-2", "i2b");

        assertThat(model.quorum().held()).isTrue();
        assertThat(model.nextRequest(true)).get().isInstanceOf(PlacementRequest.NodeFailed.class);
    }
}

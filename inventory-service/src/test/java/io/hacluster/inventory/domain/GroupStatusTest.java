package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerState;
import io.hacluster.events.DesiredState;
import io.hacluster.inventory.domain.GroupFacts.ContainerFact;
import io.hacluster.inventory.domain.GroupFacts.Desire;
import io.hacluster.inventory.domain.GroupFacts.FailoverFact;
import io.hacluster.inventory.domain.GroupFacts.PendingMove;

class GroupStatusTest {

    private static final List<ContainerFact> RUNNING = List.of(new ContainerFact("101", ContainerState.RUNNING),
            new ContainerFact("102", ContainerState.RUNNING));

    private static GroupFacts on(String node, NodeState state, List<ContainerFact> containers, FailoverFact failover,
            PendingMove pending) {
        return new GroupFacts("g1", node, state, node != null, containers, failover, pending);
    }

    @Test
    void shouldBeOnlineWhenEveryContainerRunsOnALiveNode() {
        GroupCondition c = GroupStatus.derive(on("node-2", NodeState.ACTIVE, RUNNING, null, null));
        assertThat(c).isEqualTo(new GroupCondition(GroupState.ONLINE, "running on node-2"));
        assertThat(GroupStatus.derive(on("node-2", NodeState.DRAINING, RUNNING, null, null)).state())
                .isEqualTo(GroupState.ONLINE);
    }

    @Test
    void shouldBeDegradedWhenAContainerDoesNotRun() {
        GroupCondition c = GroupStatus.derive(on("node-2", NodeState.ACTIVE,
                List.of(new ContainerFact("101", ContainerState.RUNNING), new ContainerFact("102", ContainerState.FAILED),
                        new ContainerFact("103", null)),
                null, null));
        assertThat(c.state()).isEqualTo(GroupState.DEGRADED);
        assertThat(c.reason()).isEqualTo("on node-2, not running: 102 FAILED, 103 not reported");
    }

    @Test
    void shouldBeMovingWhileAFailoverIsUnderWayForIt() {
        FailoverFact underWay = new FailoverFact("fo-1", FailoverState.RUNNING, GroupOutcome.IN_PROGRESS, "MOUNT",
                "node-3", null, GroupAction.MOVE, null, "node-1");
        GroupCondition c = GroupStatus.derive(on("node-1", NodeState.FAILED, RUNNING, underWay, null));
        assertThat(c).isEqualTo(new GroupCondition(GroupState.MOVING, "failover fo-1 is moving it from node-1 to "
                + "node-3 (step MOUNT)"));
    }

    @Test
    void shouldBeMovingWhileAMoveWaitsForItsPlan() {
        GroupCondition c = GroupStatus.derive(on("node-1", NodeState.ACTIVE, RUNNING, null,
                new PendingMove("req-1", null)));
        assertThat(c.state()).isEqualTo(GroupState.MOVING);
        assertThat(c.reason()).contains("wherever placement chooses").contains("req-1");
    }

    @Test
    void shouldBeUnplaceableWithTheReasonWhenTheLastFailoverCouldNotPlaceIt() {
        FailoverFact unplaceable = new FailoverFact("fo-1", FailoverState.COMPLETED, GroupOutcome.UNPLACEABLE, null,
                null, "no node has 2048 MiB free");
        GroupCondition c = GroupStatus.derive(on("node-1", NodeState.FAILED, RUNNING, unplaceable, null));
        assertThat(c).isEqualTo(new GroupCondition(GroupState.UNPLACEABLE, "no node has 2048 MiB free (failover "
                + "fo-1)"));
    }

    @Test
    void shouldStayOnlineWhenADrainCouldNotMoveItButNoteWhy() {
        FailoverFact unplaceable = new FailoverFact("fo-1", FailoverState.COMPLETED, GroupOutcome.UNPLACEABLE, null,
                null, "no other node may take it");
        GroupCondition c = GroupStatus.derive(on("node-1", NodeState.MAINTENANCE, RUNNING, unplaceable, null));
        assertThat(c.state()).isEqualTo(GroupState.ONLINE);
        assertThat(c.reason()).isEqualTo("running on node-1; failover fo-1 could not move it: no other node may take "
                + "it");
    }

    @Test
    void shouldBeOfflineWithTheReason() {
        assertThat(GroupStatus.derive(on(null, null, List.of(), null, null)).reason())
                .isEqualTo("waiting for its first placement");
        assertThat(GroupStatus.derive(on("node-1", NodeState.FAILED, RUNNING, null, null)).reason())
                .isEqualTo("node node-1 failed; waiting for its failover");
        FailoverFact failed = new FailoverFact("fo-1", FailoverState.FAILED, GroupOutcome.FAILED, null, null,
                "every fencing method failed");
        assertThat(GroupStatus.derive(on("node-1", NodeState.FAILED, RUNNING, failed, null)))
                .isEqualTo(new GroupCondition(GroupState.OFFLINE, "failover fo-1 failed: every fencing method failed"));
        assertThat(GroupStatus.derive(new GroupFacts("g1", null, null, true, List.of(), null, null)).reason())
                .isEqualTo("its volume is mounted on no node");
    }

    @Test
    void shouldNotCountAnEndedFailoverAsUnderWay() {
        FailoverFact ended = new FailoverFact("fo-1", FailoverState.COMPLETED, GroupOutcome.IN_PROGRESS, "START", "n3",
                null);
        assertThat(GroupStatus.derive(on("node-3", NodeState.ACTIVE, RUNNING, ended, null)).state())
                .isEqualTo(GroupState.ONLINE);
    }

    private static final Desire STOPPED_BY_ALICE = new Desire(DesiredState.OFFLINE, "alice", "req-7");
    private static final Desire UNMANAGED_BY_BOB = new Desire(DesiredState.UNMANAGED, "bob", "req-8");

    @Test
    void shouldBeStoppedWhenItsDesiredStateIsOfflineAndItRunsNowhere() {
        GroupFacts facts = new GroupFacts("g1", null, null, true, List.of(), null, null, STOPPED_BY_ALICE);
        assertThat(GroupStatus.derive(facts)).isEqualTo(new GroupCondition(GroupState.STOPPED,
                "stopped by alice (req-7)"));
        assertThat(GroupStatus.derive(on("node-1", NodeState.FAILED, RUNNING, null, null).withDesire(
                STOPPED_BY_ALICE))).isEqualTo(new GroupCondition(GroupState.STOPPED,
                        "stopped by alice (req-7); last on failed node node-1"));
    }

    @Test
    void shouldBeStoppingWhileAGroupToStopStillRunsOnALiveNode() {
        GroupCondition c = GroupStatus.derive(on("node-2", NodeState.ACTIVE, RUNNING, null, null).withDesire(
                STOPPED_BY_ALICE));
        assertThat(c).isEqualTo(new GroupCondition(GroupState.STOPPING, "stop requested by alice (req-7); still on "
                + "node-2, waiting for placement to stop it"));
    }

    @Test
    void shouldShowAMoveUnderWayBeforeTheStopThatFollowsIt() {
        FailoverFact underWay = new FailoverFact("fo-1", FailoverState.RUNNING, GroupOutcome.IN_PROGRESS, "START",
                "node-3", null);
        assertThat(GroupStatus.derive(on("node-1", NodeState.ACTIVE, RUNNING, underWay, null).withDesire(
                STOPPED_BY_ALICE)).state()).isEqualTo(GroupState.MOVING);
    }

    @Test
    void shouldShowAnUnmanagedGroupAsItRunsAndSayThatItIsUnmanaged() {
        assertThat(GroupStatus.derive(on("node-2", NodeState.ACTIVE, RUNNING, null, null).withDesire(
                UNMANAGED_BY_BOB))).isEqualTo(new GroupCondition(GroupState.ONLINE, "running on node-2; unmanaged "
                        + "by bob (req-8): the cluster neither starts, stops nor moves it"));
        assertThat(GroupStatus.derive(on("node-2", NodeState.ACTIVE, List.of(new ContainerFact("101", null)), null,
                null).withDesire(UNMANAGED_BY_BOB)).state()).isEqualTo(GroupState.DEGRADED);
        // nothing waits for a failover or a first placement: the cluster leaves it alone
        assertThat(GroupStatus.derive(on("node-1", NodeState.FAILED, RUNNING, null, null).withDesire(
                UNMANAGED_BY_BOB))).isEqualTo(new GroupCondition(GroupState.OFFLINE, "node node-1 failed; unmanaged "
                        + "by bob (req-8): the cluster neither starts, stops nor moves it"));
        assertThat(GroupStatus.derive(on(null, null, List.of(), null, null).withDesire(UNMANAGED_BY_BOB)).reason())
                .startsWith("never placed; unmanaged by bob");
    }

    @Test
    void shouldBeRestartingNotMovingWhileAFailoverRestartsItInPlace() {
        FailoverFact restart = new FailoverFact("fo-4", FailoverState.RUNNING, GroupOutcome.IN_PROGRESS, "STARTING",
                "node-2", null, GroupAction.RESTART, "102");
        assertThat(GroupStatus.derive(on("node-2", NodeState.ACTIVE, List.of(new ContainerFact("101",
                ContainerState.RUNNING), new ContainerFact("102", ContainerState.STOPPED)), restart, null)))
                .isEqualTo(new GroupCondition(GroupState.RESTARTING, "failover fo-4 is restarting it on node-2 from "
                        + "container 102 (step STARTING)"));
        FailoverFact done = new FailoverFact("fo-4", FailoverState.COMPLETED, GroupOutcome.ONLINE, "ONLINE", "node-2",
                null, GroupAction.RESTART, "102");
        assertThat(GroupStatus.derive(on("node-2", NodeState.ACTIVE, RUNNING, done, null)).state())
                .isEqualTo(GroupState.ONLINE);
    }

    @Test
    void shouldBeStoppingWhileAFailoverStopsItAndStoppedOnceItRunsNowhere() {
        FailoverFact stop = new FailoverFact("fo-5", FailoverState.RUNNING, GroupOutcome.IN_PROGRESS, "STOPPING", null,
                null, GroupAction.STOP, null);
        assertThat(GroupStatus.derive(on("node-2", NodeState.ACTIVE, RUNNING, stop, null).withDesire(
                STOPPED_BY_ALICE))).isEqualTo(new GroupCondition(GroupState.STOPPING, "failover fo-5 is stopping it "
                        + "on node-2 (step STOPPING)"));
        FailoverFact stopped = new FailoverFact("fo-5", FailoverState.COMPLETED, GroupOutcome.STOPPED, "STOPPING",
                null, null, GroupAction.STOP, null);
        assertThat(GroupStatus.derive(new GroupFacts("g1", null, null, true, List.of(), stopped, null,
                STOPPED_BY_ALICE))).isEqualTo(new GroupCondition(GroupState.STOPPED, "stopped by alice (req-7)"));
    }

    @Test
    void shouldShowAGroupOnAnIsolatedOrFrozenNodeAsItWasWithWhy() {
        for (NodeState cutOff : List.of(NodeState.ISOLATED, NodeState.FROZEN)) {
            GroupFacts facts = new GroupFacts("g1", "node-1", cutOff, true, RUNNING, null, null, null,
                    "silent on Kafka");
            assertThat(GroupStatus.derive(facts)).isEqualTo(new GroupCondition(GroupState.ONLINE,
                    "running on node-1; as node node-1 last reported: it is " + cutOff + ": silent on Kafka"));
        }
        GroupFacts degraded = new GroupFacts("g1", "node-1", NodeState.ISOLATED, true,
                List.of(new ContainerFact("101", ContainerState.FAILED)), null, null, null, null);
        assertThat(GroupStatus.derive(degraded).state()).isEqualTo(GroupState.DEGRADED);
        assertThat(GroupStatus.derive(degraded).reason()).endsWith("; as node node-1 last reported: it is ISOLATED");
    }

    @Test
    void shouldShowAGroupOnAnUnknownNodeAsUnknownWithWhatItLastReported() {
        GroupFacts facts = new GroupFacts("g1", "node-1", NodeState.UNKNOWN, true, RUNNING, null, null, null,
                "no status of it has reached the inventory for 16.2 s");
        assertThat(GroupStatus.derive(facts)).isEqualTo(new GroupCondition(GroupState.UNKNOWN, "on node-1, whose "
                + "state is UNKNOWN (no status of it has reached the inventory for 16.2 s); last reported running"));
        GroupFacts degraded = new GroupFacts("g1", "node-1", NodeState.UNKNOWN, true,
                List.of(new ContainerFact("101", ContainerState.FAILED)), null, null, null, null);
        assertThat(GroupStatus.derive(degraded)).isEqualTo(new GroupCondition(GroupState.UNKNOWN,
                "on node-1, whose state is UNKNOWN; last reported not running: 101 FAILED"));
        // a failover under way says more than the silence of the node it leaves
        FailoverFact moving = new FailoverFact("fo-1", FailoverState.RUNNING, GroupOutcome.IN_PROGRESS, null,
                "node-2", null);
        assertThat(GroupStatus.derive(new GroupFacts("g1", "node-1", NodeState.UNKNOWN, true, RUNNING, moving, null,
                null, null)).state()).isEqualTo(GroupState.MOVING);
    }
}

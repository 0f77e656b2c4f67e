package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.DesiredState;
import io.hacluster.events.GroupSpec;
import io.hacluster.inventory.domain.OperatorRules.MoveCheck;

class OperatorRulesTest {

    private static final GroupSpec G = new GroupSpec("g1", "vol-1", List.of(new ContainerSpec("101", 1, 1, null)), 0,
            List.of(), List.of("node-1", "node-2"), null, null);

    @Test
    void shouldDrainOnlyAnActiveNode() {
        assertThat(OperatorRules.drain("n", NodeState.ACTIVE, null)).isEmpty();
        for (NodeState s : List.of(NodeState.SUSPECT, NodeState.ISOLATED, NodeState.FROZEN, NodeState.FAILED,
                NodeState.DRAINING, NodeState.MAINTENANCE)) {
            assertThat(OperatorRules.drain("n", s, "r1")).as(s.name()).isPresent();
        }
    }

    @Test
    void shouldRefuseADrainThatLeavesAGroupNoOtherNodeUnlessForced() {
        GroupSpec anywhere = new GroupSpec("g2", "vol-2", List.of(new ContainerSpec("102", 1, 1, null)), 0, List.of(),
                List.of(), null, null);
        assertThat(OperatorRules.drainLeavesATaker("node-1", List.of(G, anywhere), Set.of("node-2"), false)).isEmpty();
        assertThat(OperatorRules.drainLeavesATaker("node-1", List.of(anywhere), Set.of("node-9"), false)).isEmpty();

        Optional<Refusal> lastOwner = OperatorRules.drainLeavesATaker("node-1", List.of(G, anywhere),
                Set.of("node-9"), false);
        assertThat(lastOwner).isPresent();
        assertThat(lastOwner.get().field()).isEqualTo("force");
        assertThat(lastOwner.get().message()).startsWith("node node-1 is the last node that could run group g1:")
                .doesNotContain("g2");
        assertThat(OperatorRules.drainLeavesATaker("node-1", List.of(G, anywhere), Set.of(), false).get().message())
                .contains("groups g1, g2");
        assertThat(OperatorRules.drainLeavesATaker("node-1", List.of(G), Set.of(), true)).isEmpty();
    }

    @Test
    void shouldResumeOnlyANodeInMaintenanceOrDraining() {
        assertThat(OperatorRules.resume("n", Maintenance.NONE)).isPresent();
        assertThat(OperatorRules.resume("n", Maintenance.DRAINING)).isEmpty();
        assertThat(OperatorRules.resume("n", Maintenance.MAINTENANCE)).isEmpty();
    }

    @Test
    void shouldMoveOnlyToAnActivePossibleOwnerOtherThanTheCurrentNode() {
        assertThat(move(GroupState.ONLINE, "node-1", NodeState.ACTIVE, "node-2", NodeState.ACTIVE)).isEmpty();
        assertThat(move(GroupState.ONLINE, "node-1", NodeState.ACTIVE, null, null)).isEmpty();
        assertThat(move(GroupState.OFFLINE, null, null, "node-2", NodeState.ACTIVE)).isEmpty();
        assertThat(move(GroupState.MOVING, "node-1", NodeState.ACTIVE, "node-2", NodeState.ACTIVE).get().message())
                .isEqualTo("group g1 is already moving");
        assertThat(move(GroupState.OFFLINE, "node-1", NodeState.FAILED, null, null).get().message())
                .contains("its failover moves it");
        assertThat(move(GroupState.ONLINE, "node-1", NodeState.ACTIVE, "node-9", null).get())
                .isEqualTo(new Refusal("targetNodeId", "node node-9 is not known to the cluster"));
        assertThat(move(GroupState.ONLINE, "node-1", NodeState.ACTIVE, "node-2", NodeState.SUSPECT).get().message())
                .isEqualTo("node node-2 is SUSPECT: a group moves only to an ACTIVE node");
        assertThat(move(GroupState.ONLINE, "node-1", NodeState.ACTIVE, "node-1", NodeState.ACTIVE).get().message())
                .isEqualTo("group g1 already runs on node node-1");
        assertThat(move(GroupState.ONLINE, "node-1", NodeState.ACTIVE, "node-3", NodeState.ACTIVE).get().message())
                .contains("not among the possible owners");
    }

    @Test
    void shouldRemoveAGroupUnlessItIsMoving() {
        assertThat(OperatorRules.remove("g1", GroupState.ONLINE)).isEmpty();
        assertThat(OperatorRules.remove("g1", GroupState.MOVING)).isPresent();
    }

    @Test
    void shouldChangeTheVolumeOnlyWhileItIsMountedNowhere() {
        GroupSpec moved = new GroupSpec("g1", "vol-2", G.containers(), 0, List.of(), List.of(), null, null);
        assertThat(OperatorRules.change(G, moved, List.of("node-1")).get().field()).isEqualTo("volumeId");
        assertThat(OperatorRules.change(G, moved, List.of())).isEmpty();
        GroupSpec reprioritised = new GroupSpec("g1", "vol-1", G.containers(), 9, List.of(), List.of(), null, null);
        assertThat(OperatorRules.change(G, reprioritised, List.of("node-1"))).isEmpty();
    }

    private static Optional<Refusal> move(GroupState state, String current, NodeState currentState, String target,
            NodeState targetState) {
        return OperatorRules.move(new MoveCheck(G, state, current, currentState, target, targetState));
    }

    @Test
    void shouldRefuseToAskForTheDesiredStateAGroupAlreadyHas() {
        GroupFacts.Desire stopped = new GroupFacts.Desire(DesiredState.OFFLINE, "alice", "req-1");
        assertThat(OperatorRules.desire("g1", stopped, DesiredState.ONLINE)).isEmpty();
        assertThat(OperatorRules.desire("g1", stopped, DesiredState.UNMANAGED)).isEmpty();
        assertThat(OperatorRules.desire("g1", stopped, DesiredState.OFFLINE).get().message()).isEqualTo(
                "group g1 already has desired state OFFLINE: it is stopped or being stopped (set by alice in req-1)");
        assertThat(OperatorRules.desire("g1", GroupFacts.Desire.DEFAULT, DesiredState.ONLINE).get().message())
                .isEqualTo("group g1 already has desired state ONLINE");
    }

    @Test
    void shouldRefuseToMoveAStoppedOrUnmanagedGroup() {
        assertThat(OperatorRules.move(new MoveCheck(G, GroupState.STOPPED, null, null, null, null,
                DesiredState.OFFLINE)).get().message()).contains("is stopped");
        assertThat(OperatorRules.move(new MoveCheck(G, GroupState.ONLINE, "node-1", NodeState.ACTIVE, "node-2",
                NodeState.ACTIVE, DesiredState.UNMANAGED)).get().message()).contains("is unmanaged");
    }

    @Test
    void shouldRefuseToMoveOrRemoveAGroupBeingRestarted() {
        assertThat(OperatorRules.move(new MoveCheck(G, GroupState.RESTARTING, "node-1", NodeState.ACTIVE, null, null))
                .get().message()).isEqualTo("group g1 is being restarted where it runs; move it once that has ended");
        assertThat(OperatorRules.remove("g1", GroupState.RESTARTING)).isPresent();
        assertThat(OperatorRules.remove("g1", GroupState.STOPPED)).isEmpty();
    }
}

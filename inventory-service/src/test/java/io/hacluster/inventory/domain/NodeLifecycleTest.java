package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeStatus;

class NodeLifecycleTest {

    private static NodeCondition after(NodeCondition start, NodeSignal... signals) {
        NodeCondition c = start;
        for (NodeSignal s : signals) {
            c = NodeLifecycle.next(c, s).after();
        }
        return c;
    }

    @Test
    void shouldGoFromActiveToSuspectToFailedAndBackWhenRecoveredOrRejoined() {
        NodeCondition suspect = after(NodeCondition.NEW, new NodeSignal.Suspected("late"));
        assertThat(suspect.state()).isEqualTo(NodeState.SUSPECT);
        assertThat(after(suspect, new NodeSignal.Recovered("SUSPECT")).state()).isEqualTo(NodeState.ACTIVE);
        NodeCondition failed = after(suspect, new NodeSignal.Failed("silent"));
        assertThat(failed.state()).isEqualTo(NodeState.FAILED);
        assertThat(after(failed, new NodeSignal.Recovered("FAILED")).state()).isEqualTo(NodeState.ACTIVE);
        assertThat(after(failed, new NodeSignal.Rejoined("inc-2")).state()).isEqualTo(NodeState.ACTIVE);
    }

    @Test
    void shouldStayDrainingUntilTheDrainFailoverCompletesThenStayInMaintenanceUntilResumed() {
        NodeCondition draining = after(NodeCondition.NEW, new NodeSignal.DrainRequested("r1", "alice", false));
        assertThat(draining.state()).isEqualTo(NodeState.DRAINING);
        assertThat(draining.drainRequestId()).isEqualTo("r1");
        NodeCondition maintenance = after(draining, new NodeSignal.DrainCompleted("r1", "fo-1"));
        assertThat(maintenance.state()).isEqualTo(NodeState.MAINTENANCE);
        NodeCondition resumed = after(maintenance, new NodeSignal.ResumeRequested("r2", "bob"));
        assertThat(resumed.state()).isEqualTo(NodeState.ACTIVE);
        assertThat(resumed.drainRequestId()).isNull();
    }

    @Test
    void shouldIgnoreTheCompletionOfAnotherDrain() {
        NodeCondition draining = after(NodeCondition.NEW, new NodeSignal.DrainRequested("r2", "alice", false));
        NodeTransition t = NodeLifecycle.next(draining, new NodeSignal.DrainCompleted("r1", "fo-old"));
        assertThat(t.after().state()).isEqualTo(NodeState.DRAINING);
        assertThat(t.stateChanged()).isFalse();
    }

    @Test
    void shouldGoStraightToMaintenanceWhenTheDrainedNodeHostsNothing() {
        NodeTransition t = NodeLifecycle.next(NodeCondition.NEW, new NodeSignal.DrainRequested("r1", "alice", true));
        assertThat(t.after().state()).isEqualTo(NodeState.MAINTENANCE);
        assertThat(t.why()).contains("hosts no group");
    }

    @Test
    void shouldShowFailureFirstAndKeepMaintenanceUnderneathAcrossAFailure() {
        NodeCondition maintenance = after(NodeCondition.NEW, new NodeSignal.DrainRequested("r1", "a", true));
        NodeCondition failed = after(maintenance, new NodeSignal.Failed("silent"));
        assertThat(failed.state()).isEqualTo(NodeState.FAILED);
        assertThat(after(failed, new NodeSignal.Rejoined("inc-2")).state()).isEqualTo(NodeState.MAINTENANCE);
    }

    @Test
    void shouldTurnADrainOvertakenByAFailureIntoMaintenanceOnceTheNodeIsBack() {
        NodeCondition draining = after(NodeCondition.NEW, new NodeSignal.DrainRequested("r1", "a", false));
        NodeCondition back = after(draining, new NodeSignal.Failed("silent"), new NodeSignal.Recovered("FAILED"));
        assertThat(back.state()).isEqualTo(NodeState.MAINTENANCE);
    }

    @Test
    void shouldSayWhyInEveryTransition() {
        NodeTransition t = NodeLifecycle.next(NodeCondition.NEW, new NodeSignal.Failed("silent for 3000 ms"));
        assertThat(t.stateChanged()).isTrue();
        assertThat(t.before().state()).isEqualTo(NodeState.ACTIVE);
        assertThat(t.why()).isEqualTo("monitor declared it failed: silent for 3000 ms");
    }

    @Test
    void shouldShowAnIsolatedNodeAndThenAFailedOne() {
        NodeCondition suspect = after(NodeCondition.NEW, new NodeSignal.Suspected("late"));
        NodeTransition t = NodeLifecycle.next(suspect, new NodeSignal.Isolated("silent 3 s, slot fresh", "ACTIVE"));
        assertThat(t.after().state()).isEqualTo(NodeState.ISOLATED);
        assertThat(t.after().liveness()).isEqualTo(Liveness.ISOLATED);
        assertThat(t.why()).contains("isolated").contains("silent 3 s, slot fresh");
        assertThat(after(t.after(), new NodeSignal.Failed("slot stale")).state()).isEqualTo(NodeState.FAILED);
        assertThat(after(t.after(), new NodeSignal.Recovered("ISOLATED")).state()).isEqualTo(NodeState.ACTIVE);
    }

    @Test
    void shouldShowAFrozenAgentAsFrozenUntilItIsHeardAgainUnlessDeclaredFailed() {
        NodeTransition t = NodeLifecycle.next(NodeCondition.NEW, new NodeSignal.Isolated("silent", "FROZEN"));
        assertThat(t.after().state()).isEqualTo(NodeState.FROZEN);
        assertThat(t.after().agentMode()).isEqualTo(NodeStatus.Mode.FROZEN);
        assertThat(t.why()).contains("froze").contains("keeps its containers");
        assertThat(after(t.after(), new NodeSignal.Suspected("late")).state()).isEqualTo(NodeState.FROZEN);
        assertThat(after(t.after(), new NodeSignal.Failed("slot stale")).state()).isEqualTo(NodeState.FAILED);
        NodeCondition back = after(t.after(), new NodeSignal.Recovered("ISOLATED"));
        assertThat(back.state()).isEqualTo(NodeState.ACTIVE);
        assertThat(back.agentMode()).isEqualTo(NodeStatus.Mode.ACTIVE);

        NodeCondition byStatus = after(NodeCondition.NEW, new NodeSignal.AgentMode(NodeStatus.Mode.FROZEN));
        assertThat(byStatus.state()).isEqualTo(NodeState.FROZEN);
        assertThat(after(byStatus, new NodeSignal.AgentMode(NodeStatus.Mode.ACTIVE)).state())
                .isEqualTo(NodeState.ACTIVE);
        // a self-fenced agent stays what the monitor says it is
        assertThat(after(NodeCondition.NEW, new NodeSignal.AgentMode(NodeStatus.Mode.SELF_FENCED)).state())
                .isEqualTo(NodeState.ACTIVE);
        // a mode this version does not know changes nothing but the liveness
        assertThat(after(byStatus, new NodeSignal.Isolated("silent", "HIBERNATING")).state())
                .isEqualTo(NodeState.FROZEN);
    }

    @Test
    void shouldKeepMaintenanceUnderneathAnIsolation() {
        NodeCondition draining = after(NodeCondition.NEW, new NodeSignal.DrainRequested("r1", "a", false));
        NodeCondition isolated = after(draining, new NodeSignal.Isolated("silent", "ACTIVE"));
        assertThat(isolated.state()).isEqualTo(NodeState.ISOLATED);
        assertThat(after(isolated, new NodeSignal.Recovered("ISOLATED")).state()).isEqualTo(NodeState.DRAINING);
    }
}

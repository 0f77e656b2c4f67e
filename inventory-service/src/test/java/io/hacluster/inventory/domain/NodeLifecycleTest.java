package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}

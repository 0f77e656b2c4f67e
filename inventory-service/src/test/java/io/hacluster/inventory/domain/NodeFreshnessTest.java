package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeStatus.Mode;

/** One test per row of the table "Nodes the inventory no longer hears" in docs/services/inventory-service.md. */
class NodeFreshnessTest {

    static final Instant HEARD = Instant.parse("2026-12-02T10:00:00Z");
    static final Duration AFTER = Duration.ofSeconds(15);
    static final NodeCondition ACTIVE = NodeCondition.NEW;
    static final NodeSignal.Witness FROZEN_SLOT = new NodeSignal.Witness(Mode.FROZEN, Duration.ofMillis(400),
            List.of("vol-a"));

    static NodeCondition apply(NodeCondition c, Optional<NodeSignal> signal) {
        return signal.map(s -> NodeLifecycle.next(c, s).after()).orElse(c);
    }

    static Optional<NodeSignal> judge(NodeCondition c, Duration silentFor, Optional<NodeSignal.Witness> slot) {
        return NodeFreshness.judge(c, HEARD, HEARD.plus(silentFor), AFTER, slot);
    }

    @Test
    void shouldLeaveANodeHeardWithinTheIntervalAsItIs() {
        assertThat(judge(ACTIVE, Duration.ofSeconds(14), Optional.empty())).isEmpty();
        assertThat(judge(ACTIVE, Duration.ofSeconds(14), Optional.of(FROZEN_SLOT))).isEmpty();
    }

    @Test
    void shouldShowANodeSilentLongerWithoutAFreshSlotAsUnknownKeepingItsMaintenance() {
        NodeCondition draining = new NodeCondition(Liveness.ALIVE, Maintenance.DRAINING, "r-1");
        Optional<NodeSignal> signal = judge(draining, Duration.ofSeconds(15), Optional.empty());
        NodeTransition t = NodeLifecycle.next(draining, signal.orElseThrow());

        assertThat(t.after().state()).isEqualTo(NodeState.UNKNOWN);
        assertThat(t.after().reports()).isEqualTo(Reports.UNHEARD);
        assertThat(t.after().maintenance()).isEqualTo(Maintenance.DRAINING);
        assertThat(t.why()).contains("for 15.0 s (unheard after 15.0 s)").contains("cannot be known here");
        assertThat(judge(t.after(), Duration.ofSeconds(30), Optional.empty())).as("nothing new").isEmpty();
    }

    @Test
    void shouldShowASilentNodeWhoseSlotIsFreshAsTheSlotSays() {
        NodeTransition t = NodeLifecycle.next(ACTIVE,
                judge(ACTIVE, Duration.ofSeconds(20), Optional.of(FROZEN_SLOT)).orElseThrow());

        assertThat(t.after().state()).isEqualTo(NodeState.FROZEN);
        assertThat(t.after().reports()).isEqualTo(Reports.WITNESSED);
        assertThat(t.why()).contains("witness slot is fresh (changed 0.4 s ago) and says FROZEN, holding vol-a")
                .contains("keeps its containers and volumes");
        assertThat(judge(t.after(), Duration.ofSeconds(21), Optional.of(FROZEN_SLOT))).isEmpty();

        NodeSignal.Witness active = new NodeSignal.Witness(Mode.ACTIVE, Duration.ZERO, List.of());
        NodeCondition witnessedActive = apply(ACTIVE, judge(ACTIVE, Duration.ofSeconds(20), Optional.of(active)));
        assertThat(witnessedActive.state()).as("alive on the storage, its statuses lost on the way")
                .isEqualTo(NodeState.ACTIVE);
        assertThat(witnessedActive.reports()).isEqualTo(Reports.WITNESSED);
    }

    @Test
    void shouldShowAFrozenNodeWhoseSlotStopsAsUnknownSayingItsLastWord() {
        NodeCondition frozen = apply(ACTIVE, judge(ACTIVE, Duration.ofSeconds(20), Optional.of(FROZEN_SLOT)));
        NodeTransition t = NodeLifecycle.next(frozen,
                judge(frozen, Duration.ofSeconds(25), Optional.empty()).orElseThrow());

        assertThat(t.after().state()).isEqualTo(NodeState.UNKNOWN);
        assertThat(t.why()).contains("its last word was that it froze, but it may have lost its power since");
    }

    @Test
    void shouldEndTheSilenceOnceAStatusArrives() {
        NodeCondition unknown = apply(ACTIVE, judge(ACTIVE, Duration.ofSeconds(20), Optional.empty()));
        assertThat(judge(unknown, Duration.ofSeconds(1), Optional.empty())).contains(new NodeSignal.Heard());
        NodeCondition heard = apply(unknown, Optional.of(new NodeSignal.Heard()));
        assertThat(heard.state()).isEqualTo(NodeState.ACTIVE);
        assertThat(heard.reports()).isEqualTo(Reports.HEARD);
    }

    @Test
    void shouldLeaveTheMonitorsWorseJudgementsShowing() {
        NodeCondition failed = new NodeCondition(Liveness.FAILED, Maintenance.NONE, null);
        assertThat(judge(failed, Duration.ofMinutes(10), Optional.empty())).isEmpty();

        NodeCondition isolated = new NodeCondition(Liveness.ISOLATED, Maintenance.NONE, null);
        NodeCondition silent = apply(isolated, judge(isolated, Duration.ofSeconds(20), Optional.empty()));
        assertThat(silent.state()).as("the monitor's isolation rests on a fresh slot it read")
                .isEqualTo(NodeState.ISOLATED);

        NodeCondition suspect = new NodeCondition(Liveness.SUSPECT, Maintenance.NONE, null);
        assertThat(apply(suspect, judge(suspect, Duration.ofSeconds(20), Optional.empty())).state())
                .isEqualTo(NodeState.UNKNOWN);
    }
}

package io.hacluster.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHealthEvent.NodeIsolated;
import io.hacluster.events.NodeHealthEvent.NodeRecovered;
import io.hacluster.events.NodeHealthEvent.NodeSuspected;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus.Mode;
import io.hacluster.events.Resources;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.WitnessView;
import io.hacluster.events.WitnessWatch;

/**
 * The detector with the storage witness, against a fake clock: a node beating every 500 ms with a 2 s isolation
 * timeout is failed 3 s after its last heartbeat unless its fresh slot shows it alive and holding volumes. Two nodes
 * keep beating so that one silent node is neither a mass silence nor a lost quorum.
 */
class IsolationTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private FailureDetector detector;
    private Instant now;
    private long seq;
    private Instant last;

    @BeforeEach
    void setUp() {
        detector = new FailureDetector(DetectorSettings.defaults(), nodeId -> 0);
        now = T0;
        detector.assign(Set.of(0), now);
        for (int i = 0; i < 20; i++) {
            beat("n1");
            beat("n2");
            beat("n3");
            last = now;
            now = now.plusMillis(500);
        }
    }

    @Test
    void shouldIsolateANodeAliveOnTheStorageOnceAndFailItWhenItsSlotShowsItSelfFenced() {
        Instant deadline = last.plusMillis(6000); // its slot advertises a 5 s isolation bound: + 1 s margin
        WitnessSlot active = slot(Mode.ACTIVE, 5000, "vol-a");

        List<NodeHealthEvent> atTimeout = evaluateFromTo(last.plusMillis(2000), last.plusMillis(3000), active);
        assertThat(atTimeout).hasExactlyElementsOfTypes(NodeSuspected.class, NodeIsolated.class);
        assertThat((NodeIsolated) atTimeout.get(1)).satisfies(i -> {
            assertThat(i.nodeId()).isEqualTo("n1");
            assertThat(i.lastHeartbeatAt()).isEqualTo(last);
            assertThat(i.isolatedAt()).isEqualTo(last.plusMillis(3000));
            assertThat(i.witnessMode()).isEqualTo("ACTIVE");
            assertThat(i.reason()).contains("beyond its failure timeout of 3000 ms",
                    "not taken over before its self-fence deadline " + deadline);
        });
        assertThat(state("n1")).isEqualTo(Liveness.ISOLATED);
        assertThat(evaluateFromTo(last.plusMillis(3100), last.plusMillis(4000), active)).isEmpty(); // once

        List<NodeHealthEvent> fenced = evaluateFromTo(last.plusMillis(4100), last.plusMillis(4100),
                slot(Mode.SELF_FENCED, 5000));
        assertThat(fenced).singleElement().isInstanceOfSatisfying(NodeFailed.class,
                f -> assertThat(f.reason()).contains("SELF_FENCED", "released its groups itself"));
    }

    @Test
    void shouldFailAnIsolatedNodeWhenItsSlotGoesStale() {
        evaluateFromTo(last.plusMillis(2000), last.plusMillis(3000), slot(Mode.FROZEN, 2000, "vol-a"));
        assertThat(state("n1")).isEqualTo(Liveness.ISOLATED);

        // the slot stops changing: stale 1.5 s after its last change
        List<NodeHealthEvent> events = new ArrayList<>();
        for (Instant t = last.plusMillis(3100); !t.isAfter(last.plusMillis(6000)); t = t.plusMillis(100)) {
            now = t;
            beatOthers(t);
            events.addAll(detector.evaluate(t, OwnLag.Reading.NONE, watch.view(mono(t))).events());
        }

        assertThat(events).singleElement().isInstanceOfSatisfying(NodeFailed.class, f -> {
            assertThat(f.detectedAt()).isEqualTo(last.plusMillis(4500));
            assertThat(f.reason()).contains("its witness slot is stale (unchanged for 1500 ms)");
        });
    }

    @Test
    void shouldKeepAFrozenNodeIsolatedPastItsDeadlineWhileItsSlotIsFresh() {
        List<NodeHealthEvent> events = evaluateFromTo(last.plusMillis(2000), last.plusSeconds(60),
                slot(Mode.FROZEN, 2000, "vol-a"));

        assertThat(events).hasExactlyElementsOfTypes(NodeSuspected.class, NodeIsolated.class);
        assertThat(((NodeIsolated) events.get(1)).witnessMode()).isEqualTo("FROZEN");
        assertThat(state("n1")).isEqualTo(Liveness.ISOLATED);
    }

    @Test
    void shouldIsolateThenFailAnActiveNodeWhoseSelfFenceDeadlineHasPassed() {
        // its bound is the 2 s it advertises on Kafka: the deadline (3 s) is the failure timeout itself
        List<NodeHealthEvent> events = evaluateFromTo(last.plusMillis(2000), last.plusMillis(3000),
                slot(Mode.ACTIVE, 2000, "vol-a"));

        assertThat(events).hasExactlyElementsOfTypes(NodeSuspected.class, NodeIsolated.class, NodeFailed.class);
        assertThat(((NodeFailed) events.get(2)).reason()).contains("self-fence deadline " + last.plusMillis(3000)
                + " has passed");
    }

    @Test
    void shouldFailANodeWhoseFreshSlotHoldsNoVolumeWithoutIsolatingIt() {
        List<NodeHealthEvent> events = evaluateFromTo(last.plusMillis(2000), last.plusMillis(3000),
                slot(Mode.ACTIVE, 2000));

        assertThat(events).hasExactlyElementsOfTypes(NodeSuspected.class, NodeFailed.class);
    }

    @Test
    void shouldFailANodeWithoutASlotAsBefore() {
        List<NodeHealthEvent> events = new ArrayList<>();
        for (Instant t = last.plusMillis(2000); !t.isAfter(last.plusMillis(3000)); t = t.plusMillis(100)) {
            beatOthers(t);
            events.addAll(detector.evaluate(t, OwnLag.Reading.NONE, new WitnessView(true, Map.of())).events());
        }

        assertThat(events).hasExactlyElementsOfTypes(NodeSuspected.class, NodeFailed.class);
        assertThat(((NodeFailed) events.get(1)).reason()).endsWith("; its witness slot is absent");
    }

    @Test
    void shouldRecoverAnIsolatedNodeWhoseHeartbeatsComeBack() {
        evaluateFromTo(last.plusMillis(2000), last.plusMillis(3000), slot(Mode.FROZEN, 2000, "vol-a"));
        now = last.plusSeconds(20);

        List<Transition> back = detector.heartbeat(heartbeat("n1"), now);

        assertThat(back).singleElement().extracting(Transition::event)
                .isEqualTo(new NodeRecovered("n1", "inc-1", now, "ISOLATED"));
    }

    @Test
    void shouldTakeAnotherMonitorsIsolationOver() {
        FailureDetector other = new FailureDetector(DetectorSettings.defaults(), nodeId -> 0);

        other.restore(new NodeIsolated("n1", "inc-1", last, last.plusSeconds(3), "FROZEN", "alive on storage"), now);

        assertThat(other.node("n1").orElseThrow().state()).isEqualTo(Liveness.ISOLATED);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private final WitnessWatch watch = new WitnessWatch(Duration.ofMillis(1500));
    private long slotSeq;

    /**
     * Evaluations every 100 ms from {@code from} to {@code to}, n2 and n3 beating every 500 ms, n1 silent on Kafka
     * but writing {@code slot} (with a new seq) every 500 ms, read by the monitor before each evaluation.
     */
    private List<NodeHealthEvent> evaluateFromTo(Instant from, Instant to, WitnessSlot slot) {
        List<NodeHealthEvent> events = new ArrayList<>();
        for (Instant t = from; !t.isAfter(to); t = t.plusMillis(100)) {
            now = t;
            beatOthers(t);
            if (Duration.between(T0, t).toMillis() % 500 == 0) {
                slotSeq++;
            }
            WitnessSlot written = new WitnessSlot(slot.nodeId(), slot.incarnation(), slotSeq, null, slot.mode(),
                    false, null, slot.isolationTimeoutMs(), slot.heldVolumes());
            watch.read(Set.of("n1"), List.of(written), mono(t));
            events.addAll(detector.evaluate(t, OwnLag.Reading.NONE, watch.view(mono(t))).events());
        }
        return events;
    }

    private void beatOthers(Instant t) {
        if (Duration.between(T0, t).toMillis() % 500 == 0) {
            now = t;
            beat("n2");
            beat("n3");
        }
    }

    /** The monitor's monotonic clock in this test: its own origin, unrelated to the wall clock's. */
    private static Duration mono(Instant t) {
        return Duration.between(T0, t).plusHours(7);
    }

    private static WitnessSlot slot(Mode mode, long isolationMs, String... volumes) {
        return new WitnessSlot("n1", "inc-1", 0, null, mode, false, null, isolationMs, List.of(volumes));
    }

    private void beat(String nodeId) {
        detector.heartbeat(heartbeat(nodeId), now);
    }

    private NodeHeartbeat heartbeat(String nodeId) {
        return new NodeHeartbeat(nodeId, "inc-1", ++seq, now, 500, 2000, Resources.NONE, Resources.NONE);
    }

    private Liveness state(String nodeId) {
        return detector.node(nodeId).orElseThrow().state();
    }
}

package io.hacluster.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHealthEvent.NodeRecovered;
import io.hacluster.events.NodeHealthEvent.NodeRejoined;
import io.hacluster.events.NodeHealthEvent.NodeSuspected;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;

/**
 * The detector against a fake clock. Defaults: interval 500 ms, isolation timeout 2 s, margin 1 s, failure bound 5 s,
 * grace 5 s, suspicion after mean + 4σ, failure estimate mean + 8σ, σ at least 100 ms, estimates after 10 samples.
 */
class FailureDetectorTest {

    /**
     * The defaults, but declarations do not wait for a quorum: these tests judge one node at a time, whose silence
     * alone would be a lost quorum (QuorumTest covers that).
     */
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().withQuorum(NoQuorumPolicy.IGNORE,
            Duration.ofMinutes(10));
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private FailureDetector detector;
    private Instant now;
    private final Map<String, Long> seqs = new HashMap<>();
    private final List<Transition> transitions = new ArrayList<>();

    @BeforeEach
    void setUp() {
        detector = new FailureDetector(SETTINGS, nodeId -> 0);
        now = T0;
        detector.assign(Set.of(0), now);
    }

    // ------------------------------------------------------------------------------------------ detection times

    @Test
    void shouldSuspectASteadyNodeAfterMeanPlusFourDeviationsAndFailItAtIsolationTimeoutPlusMargin() {
        Instant last = beatEvery("node-1", 500, 20); // 10 s: past the grace period, 19 samples of exactly 500 ms

        assertThat(evaluateAt(last.plusMillis(899))).isEmpty();
        assertThat(evaluateAt(last.plusMillis(900))).singleElement()
                .isEqualTo(new NodeSuspected("node-1", "inc-1", last, last.plusMillis(900),
                        "silent for 900 ms since its last heartbeat arrived at " + last
                                + ", beyond its suspicion timeout of 900 ms (inter-arrival mean 500 ms, deviation 100 ms"
                                + " over 19 samples)"));
        assertThat(evaluateAt(last.plusMillis(2999))).isEmpty();

        List<NodeHealthEvent> failed = evaluateAt(last.plusMillis(3000));

        assertThat(failed).singleElement().isInstanceOfSatisfying(NodeFailed.class, f -> {
            assertThat(f.lastHeartbeatAt()).isEqualTo(last);
            assertThat(f.detectedAt()).isEqualTo(last.plusMillis(3000));
            assertThat(f.heartbeatIntervalMs()).isEqualTo(500);
            assertThat(f.isolationTimeoutMs()).isEqualTo(2000);
            assertThat(f.reason()).contains("silent for 3000 ms", "failure timeout of 3000 ms",
                    "never before isolation timeout 2000 ms + margin 1000 ms");
        });
        assertThat(state("node-1")).isEqualTo(Liveness.FAILED);
    }

    @Test
    void shouldEmitEachTransitionExactlyOnce() {
        Instant last = beatEvery("node-1", 500, 20);

        for (int ms = 0; ms <= 60_000; ms += 100) {
            evaluateAt(last.plusMillis(ms));
        }

        assertThat(transitions).extracting(Transition::to).containsExactly(Liveness.SUSPECT, Liveness.FAILED);
    }

    @Test
    void shouldWaitForALongerAdvertisedIsolationTimeoutThanTheBound() {
        Instant last = null;
        for (int i = 0; i < 20; i++) {
            last = beat("node-1", "inc-1", 500, 10_000);
            now = now.plusMillis(500);
        }

        assertThat(evaluateAt(last.plusMillis(10_999))).hasOnlyElementsOfType(NodeSuspected.class);
        assertThat(evaluateAt(last.plusMillis(11_000))).singleElement().isInstanceOf(NodeFailed.class);
    }

    @Test
    void shouldBeMorePatientWithAJitteryNodeUpToTheBound() {
        Instant last = null;
        for (int i = 0; i <= 20; i++) { // 20 gaps of alternately 100 and 900 ms: mean 500, deviation 400
            last = beat("jittery", "inc-1", 500, 2000);
            now = now.plusMillis(i % 2 == 0 ? 100 : 900);
        }

        NodeView jittery = detector.node("jittery").orElseThrow();
        assertThat(jittery.suspicionTimeout()).isEqualTo(Duration.ofMillis(2100));
        assertThat(jittery.failureTimeout()).isEqualTo(Duration.ofMillis(3700));
        assertThat(evaluateAt(last.plusMillis(3699))).noneMatch(e -> e instanceof NodeFailed);
        assertThat(evaluateAt(last.plusMillis(3700))).singleElement().isInstanceOf(NodeFailed.class);
    }

    @Test
    void shouldNeverWaitLongerThanTheBoundHoweverJitteryTheNode() {
        Instant last = null;
        for (int i = 0; i <= 20; i++) { // gaps of 100 and 2500 ms: deviation 1200 ms, estimate far beyond the bound
            last = beat("wild", "inc-1", 500, 2000);
            now = now.plusMillis(i % 2 == 0 ? 100 : 2500);
        }

        assertThat(detector.node("wild").orElseThrow().failureTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(evaluateAt(last.plusMillis(4999))).noneMatch(e -> e instanceof NodeFailed);
        assertThat(evaluateAt(last.plusMillis(5000))).last().isInstanceOf(NodeFailed.class);
    }

    @Test
    void shouldNotBecomeHastierAfterABurstOfHeartbeats() {
        Instant last = null;
        for (int i = 0; i < 20; i++) { // a backlog delivered in a burst: 50 ms apart although sent 500 ms apart
            last = beat("node-1", "inc-1", 500, 2000);
            now = now.plusMillis(50);
        }

        assertThat(detector.node("node-1").orElseThrow().suspicionTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(evaluateAt(last.plusMillis(899))).isEmpty();
    }

    @Test
    void shouldGiveANodeJustHeardOfTheMostPatience() {
        now = T0.plusSeconds(10);
        Instant only = beat("new-node", "inc-1", 500, 2000);

        // no samples yet: mean and deviation are the advertised interval
        assertThat(evaluateAt(only.plusMillis(2500))).singleElement().isInstanceOf(NodeSuspected.class);
        assertThat(evaluateAt(only.plusMillis(4499))).isEmpty();
        assertThat(evaluateAt(only.plusMillis(4500))).singleElement().isInstanceOf(NodeFailed.class);
    }

    @Test
    void shouldDeclareANodeFoundSilentLateBothSuspectAndFailedInOrder() {
        Instant last = beatEvery("node-1", 500, 20);

        assertThat(evaluateAt(last.plusSeconds(4))).hasExactlyElementsOfTypes(NodeSuspected.class, NodeFailed.class);
    }

    @Test
    void shouldIgnoreARepeatedHeartbeat() {
        Instant last = beatEvery("node-1", 500, 20);
        long lastSeq = seqs.get("node-1");
        now = last.plusMillis(2000);
        detector.heartbeat(new NodeHeartbeat("node-1", "inc-1", lastSeq, now, 500, 2000, Resources.NONE, Resources.NONE),
                now);

        assertThat(evaluateAt(last.plusMillis(3000))).last().isInstanceOf(NodeFailed.class);
    }

    // ------------------------------------------------------------------------------------------ reappearing nodes

    @Test
    void shouldRecoverASuspectNodeWhoseHeartbeatsComeBack() {
        Instant last = beatEvery("node-1", 500, 20);
        evaluateAt(last.plusMillis(1000));
        now = last.plusMillis(1200);

        List<Transition> back = detector.heartbeat(heartbeat("node-1", "inc-1"), now);

        assertThat(back).singleElement().extracting(Transition::event)
                .isEqualTo(new NodeRecovered("node-1", "inc-1", now, "SUSPECT"));
        assertThat(state("node-1")).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void shouldRecoverAFailedNodeThatComesBackWithTheSameIncarnation() {
        Instant last = beatEvery("node-1", 500, 20);
        evaluateAt(last.plusMillis(3000));
        now = last.plusSeconds(30);

        List<Transition> back = detector.heartbeat(heartbeat("node-1", "inc-1"), now);

        assertThat(back).singleElement().extracting(Transition::event)
                .isEqualTo(new NodeRecovered("node-1", "inc-1", now, "FAILED"));
    }

    @Test
    void shouldRejoinAFailedNodeThatComesBackWithANewIncarnation() {
        Instant last = beatEvery("node-1", 500, 20);
        evaluateAt(last.plusMillis(3000));
        now = last.plusSeconds(30);

        List<Transition> back = detector.heartbeat(heartbeat("node-1", "inc-2"), now);

        assertThat(back).singleElement().extracting(Transition::event)
                .isEqualTo(new NodeRejoined("node-1", "inc-1", "inc-2", now));
        assertThat(detector.node("node-1").orElseThrow().incarnation()).isEqualTo("inc-2");
    }

    @Test
    void shouldDeclareTheOldIncarnationFailedWhenANodeRestartsWhileAlive() {
        Instant last = beatEvery("node-1", 500, 20);
        now = last.plusMillis(300);

        List<Transition> back = detector.heartbeat(heartbeat("node-1", "inc-2"), now);

        assertThat(back).extracting(Transition::from, Transition::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Liveness.ALIVE, Liveness.FAILED),
                org.assertj.core.groups.Tuple.tuple(Liveness.FAILED, Liveness.ALIVE));
        assertThat(back.get(0).event()).isEqualTo(
                new NodeFailed("node-1", "inc-1", last, now, "restarted with a new incarnation", 500, 2000));
        assertThat(back.get(1).event()).isEqualTo(new NodeRejoined("node-1", "inc-1", "inc-2", now));
    }

    // ------------------------------------------------------------------------------------------ grace, restore, shards

    @Test
    void shouldJudgeNoNodeBeforeTheGracePeriodAfterATakeOver() {
        FailureDetector fresh = new FailureDetector(SETTINGS, nodeId -> 0);
        fresh.discover(heartbeat("node-1", "inc-1"), T0); // history: heard of, not heard from
        fresh.assign(Set.of(0), T0);

        assertThat(fresh.evaluate(T0.plusMillis(4999)).transitions()).isEmpty();
        assertThat(fresh.evaluate(T0.plusMillis(5000)).transitions()).extracting(Transition::to)
                .containsExactly(Liveness.SUSPECT, Liveness.FAILED);
        assertThat(fresh.node("node-1").orElseThrow().lastHeartbeatAt()).isEqualTo(T0);
    }

    @Test
    void shouldNotDeclareAgainANodeRestoredAsFailed() {
        FailureDetector fresh = new FailureDetector(SETTINGS, nodeId -> 0);
        fresh.restore(new NodeFailed("node-1", "inc-1", T0, T0.plusSeconds(3), "silent", 500, 2000), T0);
        fresh.discover(heartbeat("node-1", "inc-1"), T0); // its old heartbeats, read again after the restart
        fresh.assign(Set.of(0), T0);

        for (int s = 0; s <= 60; s++) {
            assertThat(fresh.evaluate(T0.plusSeconds(s)).transitions()).isEmpty();
        }
        assertThat(fresh.node("node-1").orElseThrow().state()).isEqualTo(Liveness.FAILED);
        assertThat(fresh.heartbeat(heartbeat("node-1", "inc-2"), T0.plusSeconds(61))).extracting(Transition::event)
                .containsExactly(new NodeRejoined("node-1", "inc-1", "inc-2", T0.plusSeconds(61)));
    }

    @Test
    void shouldIgnoreAnotherMonitorsJudgementOfANodeItIsJudgingItself() {
        Instant last = beatEvery("node-1", 500, 20);

        boolean taken = detector.restore(new NodeFailed("node-1", "inc-1", last, last, "elsewhere", 500, 2000),
                last.plusMillis(100));

        assertThat(taken).isFalse();
        assertThat(state("node-1")).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void shouldJudgeOnlyTheNodesOfItsShards() {
        FailureDetector sharded = new FailureDetector(SETTINGS, id -> id.endsWith("a") ? 0 : 1);
        sharded.assign(Set.of(0, 1), T0);
        sharded.heartbeat(heartbeat("node-a", "inc-1"), T0);
        sharded.heartbeat(heartbeat("node-b", "inc-1"), T0);

        sharded.revoke(Set.of(1));

        assertThat(sharded.evaluate(T0.plusSeconds(10)).transitions()).extracting(Transition::nodeId)
                .containsOnly("node-a");
        assertThat(sharded.node("node-b").orElseThrow().state()).isEqualTo(Liveness.ALIVE);
        assertThat(sharded.ownedShards()).containsExactly(0);
    }

    // ------------------------------------------------------------------------------------------ mass silence

    @Test
    void shouldSuspendFailuresWhenManyNodesGoSilentAtOnceAndResumeAFailureTimeoutAfterTheClear() {
        List<String> all = List.of("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9");
        for (int i = 0; i < 20; i++) {
            all.forEach(n -> beat(n, "inc-1", 500, 2000));
            now = now.plusMillis(500);
        }
        Instant last = now.minusMillis(500);
        List<String> alive = all.subList(4, 10);

        // n0..n3 fall silent: 4 of 10 is more than 30%
        List<NodeHealthEvent> atSuspicion = keepBeatingUntil(alive, last.plusMillis(900));
        assertThat(atSuspicion.get(0)).isInstanceOfSatisfying(MonitorAlert.class, a -> {
            assertThat(a.active()).isTrue();
            assertThat(a.silentNodes()).isEqualTo(4);
            assertThat(a.totalNodes()).isEqualTo(10);
            assertThat(a.silentNodeIds()).containsExactly("n0", "n1", "n2", "n3");
        });
        assertThat(atSuspicion.subList(1, 5)).hasOnlyElementsOfType(NodeSuspected.class);
        assertThat(keepBeatingUntil(alive, last.plusSeconds(60))).isEmpty();
        assertThat(detector.guard().active()).isTrue();

        // n0..n2 come back: 1 of 10 silent clears the guard; n3's silence counts from the clear
        now = last.plusSeconds(60);
        List.of("n0", "n1", "n2").forEach(n -> detector.heartbeat(heartbeat(n, "inc-1"), now));
        List<String> back = all.subList(0, 3);
        List<String> beating = new ArrayList<>(back);
        beating.addAll(alive);
        Instant cleared = now;
        List<NodeHealthEvent> atClear = keepBeatingUntil(beating, cleared);
        assertThat(atClear).singleElement().isInstanceOfSatisfying(MonitorAlert.class,
                a -> assertThat(a.active()).isFalse());
        assertThat(keepBeatingUntil(beating, cleared.plusMillis(2900))).isEmpty();
        assertThat(keepBeatingUntil(beating, cleared.plusMillis(3000))).singleElement()
                .isInstanceOfSatisfying(NodeFailed.class, f -> assertThat(f.nodeId()).isEqualTo("n3"));
    }

    @Test
    void shouldStillFailOverTwoOfThreeNodes() {
        for (int i = 0; i < 20; i++) {
            List.of("a", "b", "c").forEach(n -> beat(n, "inc-1", 500, 2000));
            now = now.plusMillis(500);
        }
        Instant last = now.minusMillis(500);

        List<NodeHealthEvent> events = keepBeatingUntil(List.of("c"), last.plusMillis(3000));

        assertThat(events).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("a", "b");
        assertThat(detector.guard().active()).isFalse();
    }

    @Test
    void shouldSuspendFailuresWhenEveryNodeOfASmallClusterFallsSilent() {
        for (int i = 0; i < 20; i++) {
            List.of("a", "b").forEach(n -> beat(n, "inc-1", 500, 2000));
            now = now.plusMillis(500);
        }
        Instant last = now.minusMillis(500);

        List<NodeHealthEvent> events = keepBeatingUntil(List.of(), last.plusSeconds(30));

        assertThat(events).noneMatch(e -> e instanceof NodeFailed);
        assertThat(detector.guard().active()).isTrue();
        assertThat(detector.guard().message()).startsWith("mass silence: 2 of 2 judged nodes silent");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Heartbeats of one node, {@code count} of them {@code everyMs} apart, starting now; returns the last arrival. */
    private Instant beatEvery(String nodeId, long everyMs, int count) {
        Instant last = null;
        for (int i = 0; i < count; i++) {
            last = beat(nodeId, "inc-1", 500, 2000);
            now = now.plusMillis(everyMs);
        }
        return last;
    }

    private Instant beat(String nodeId, String incarnation, long intervalMs, long isolationMs) {
        long seq = seqs.merge(nodeId, 1L, Long::sum);
        transitions.addAll(detector.heartbeat(
                new NodeHeartbeat(nodeId, incarnation, seq, now, intervalMs, isolationMs, Resources.NONE,
                        Resources.NONE),
                now));
        return now;
    }

    private NodeHeartbeat heartbeat(String nodeId, String incarnation) {
        long seq = seqs.merge(nodeId, 1L, Long::sum);
        return new NodeHeartbeat(nodeId, incarnation, seq, now, 500, 2000, Resources.NONE, Resources.NONE);
    }

    /** Heartbeats of {@code beating} every 500 ms and an evaluation every 100 ms until {@code until}; the events. */
    private List<NodeHealthEvent> keepBeatingUntil(List<String> beating, Instant until) {
        List<NodeHealthEvent> events = new ArrayList<>();
        Instant nextBeat = now;
        Instant t = now;
        while (!t.isAfter(until)) {
            now = t;
            if (!t.isBefore(nextBeat)) {
                Instant at = t;
                beating.forEach(n -> detector.heartbeat(heartbeat(n, "inc-1"), at));
                nextBeat = nextBeat.plusMillis(500);
            }
            events.addAll(detector.evaluate(t).events());
            t = t.plusMillis(100);
        }
        if (t.minusMillis(100).isBefore(until)) {
            now = until;
            events.addAll(detector.evaluate(until).events());
        }
        return events;
    }

    private List<NodeHealthEvent> evaluateAt(Instant at) {
        Evaluation evaluation = detector.evaluate(at);
        transitions.addAll(evaluation.transitions());
        return evaluation.events();
    }

    private Liveness state(String nodeId) {
        return detector.node(nodeId).orElseThrow().state();
    }
}

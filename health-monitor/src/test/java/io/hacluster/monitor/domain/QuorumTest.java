package io.hacluster.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHealthEvent.NodeIsolated;
import io.hacluster.events.NodeHealthEvent.NodeRecovered;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus.Mode;
import io.hacluster.events.Resources;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.WitnessView;
import io.hacluster.events.WitnessWatch;

/**
 * The monitor's quorum, against a fake clock: it declares nobody failed while it sees no majority of the known nodes,
 * by their heartbeats or their fresh witness slots (issue 12.2). Steady nodes beating every 500 ms are due 3 s after
 * their last heartbeat. The mass-silence guard is set so that only the silence of every judged node raises it.
 */
class QuorumTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().withMassSilence(1.0, 1.0, 100);

    private FailureDetector detector;
    private Instant now;
    private Instant evaluated;
    private final Map<String, Long> seqs = new HashMap<>();
    private final WitnessWatch watch = new WitnessWatch(Duration.ofMillis(1500));
    private final Map<String, WitnessSlot> slots = new HashMap<>();

    @Test
    void shouldDeclareNobodyFailedWithoutAMajorityAndSaySo() {
        start(SETTINGS, FIVE);

        List<NodeHealthEvent> events = run(List.of("d", "e"), evaluated.plusSeconds(30));

        assertThat(events).noneMatch(e -> e instanceof NodeFailed);
        assertThat(alerts(events)).singleElement().satisfies(a -> {
            assertThat(a.active()).isTrue();
            assertThat(a.silentNodes()).isEqualTo(3);
            assertThat(a.totalNodes()).isEqualTo(5);
            assertThat(a.silentNodeIds()).containsExactly("a", "b", "c");
            assertThat(a.message()).isEqualTo("quorum lost: 2 of 5 known nodes seen on Kafka or the storage witness:"
                    + " no quorum; nobody is declared failed until more than half are seen again");
        });
        assertThat(detector.guard().quorum().holdsDeclarations()).isTrue();
        assertThat(detector.guard().active()).isFalse(); // not the mass-silence guard: the quorum
    }

    @Test
    void shouldDeclareWhileAMajorityIsSeen() {
        start(SETTINGS, FIVE);

        List<NodeHealthEvent> events = run(List.of("c", "d", "e"), evaluated.plusSeconds(30));

        assertThat(events).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("a", "b");
        assertThat(alerts(events)).isEmpty();
    }

    @Test
    void shouldCountANodeWhoseWitnessSlotIsFreshAsSeen() {
        start(SETTINGS, FIVE);
        slots.put("c", new WitnessSlot("c", "inc-1", 0, null, Mode.FROZEN, false, null, 2000, List.of("vol-c")));

        List<NodeHealthEvent> events = run(List.of("d", "e"), evaluated.plusSeconds(30));

        assertThat(alerts(events)).isEmpty();
        assertThat(events).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("a", "b");
        assertThat(events).filteredOn(e -> e instanceof NodeIsolated).extracting(NodeHealthEvent::key)
                .containsExactly("c");
    }

    @Test
    void shouldClearWhenQuorumReturnsAndGiveTheNodesStillSilentAFreshGrace() {
        start(SETTINGS, FIVE);
        run(List.of("d", "e"), evaluated.plusSeconds(20));

        // b and c come back: 4 of 5
        List<NodeHealthEvent> back = run(List.of("b", "c", "d", "e"), evaluated.plusMillis(500));
        assertThat(alerts(back)).singleElement().satisfies(a -> assertThat(a.active()).isFalse());
        assertThat(back).filteredOn(e -> e instanceof NodeRecovered).hasSize(2);
        Instant regained = alerts(back).get(0).at();

        List<NodeHealthEvent> after = run(List.of("b", "c", "d", "e"), regained.plusMillis(2900));
        assertThat(after).noneMatch(e -> e instanceof NodeFailed);
        List<NodeHealthEvent> due = run(List.of("b", "c", "d", "e"), regained.plusMillis(3000));
        assertThat(due).singleElement().isInstanceOfSatisfying(NodeFailed.class,
                f -> assertThat(f.nodeId()).isEqualTo("a"));
    }

    @Test
    void shouldForgetNodesDeclaredFailedLongAgo() {
        start(SETTINGS.withQuorum(NoQuorumPolicy.FREEZE, Duration.ofMinutes(1)), FIVE);
        // a, then b fail and are declared, each while a majority was seen
        run(List.of("b", "c", "d", "e"), evaluated.plusSeconds(10));
        List<NodeHealthEvent> bFails = run(List.of("c", "d", "e"), evaluated.plusSeconds(10));
        assertThat(bFails).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("b");

        // c fails soon after: 2 of 5 seen (a and b still count)
        Instant cFails = evaluated;
        assertThat(run(List.of("d", "e"), cFails.plusSeconds(10))).noneMatch(e -> e instanceof NodeFailed);
        assertThat(detector.guard().quorum().held()).isFalse();

        // a minute after their declaration a and b no longer count: 2 of 3
        List<NodeHealthEvent> later = run(List.of("d", "e"), cFails.plusSeconds(80));
        assertThat(later).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("c");
        assertThat(detector.guard().quorum()).satisfies(q -> {
            assertThat(q.known()).isEqualTo(3);
            assertThat(q.seen()).isEqualTo(2);
        });
    }

    @Test
    void shouldDeclareAllTheSameUnderPolicyIgnore() {
        start(SETTINGS.withQuorum(NoQuorumPolicy.IGNORE, Duration.ofMinutes(10)), List.of("a", "b"));

        List<NodeHealthEvent> events = run(List.of("b"), evaluated.plusSeconds(10));

        assertThat(events).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("a");
        assertThat(alerts(events)).isEmpty(); // shown, not acted on
        assertThat(detector.guard().quorum()).hasToString(
                "1 of 2 known nodes seen on Kafka or the storage witness: no quorum (no-quorum policy ignore)");
    }

    @Test
    void shouldCountTheNodesOfOtherInstancesByTheirLastJudgement() {
        detector = new FailureDetector(SETTINGS, id -> id.startsWith("x") ? 1 : 0);
        now = T0;
        detector.assign(Set.of(0), now);
        List.of("x1", "x2", "x3").forEach(x -> detector.restore(new NodeRecovered(x, "inc-1", T0, "SUSPECT"), T0));
        for (int i = 0; i < 20; i++) {
            List.of("a", "b", "c").forEach(this::beat);
            detector.evaluate(now);
            evaluated = now;
            now = now.plusMillis(500);
        }

        // a and b of this instance's three fall silent: 4 of 6 seen, as the other instance still hears x1..x3
        List<NodeHealthEvent> events = run(List.of("c"), evaluated.plusSeconds(10));

        assertThat(events).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("a", "b");
        assertThat(detector.guard().quorum().known()).isEqualTo(6);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void start(DetectorSettings settings, List<String> nodes) {
        detector = new FailureDetector(settings, nodeId -> 0);
        now = T0;
        detector.assign(Set.of(0), now);
        for (int i = 0; i < 20; i++) {
            nodes.forEach(this::beat);
            detector.evaluate(now);
            evaluated = now;
            now = now.plusMillis(500);
        }
        now = evaluated;
    }

    /**
     * Heartbeats of {@code beating} every 500 ms, the slots of {@link #slots} rewritten (read) likewise, an evaluation
     * every 100 ms after the last one up to {@code until}; the events.
     */
    private List<NodeHealthEvent> run(List<String> beating, Instant until) {
        List<NodeHealthEvent> events = new ArrayList<>();
        for (Instant t = evaluated.plusMillis(100); !t.isAfter(until); t = t.plusMillis(100)) {
            now = t;
            Duration mono = Duration.between(T0, t);
            if (mono.toMillis() % 500 == 0) {
                beating.forEach(n -> beat(n).forEach(tr -> events.add(tr.event())));
                List<WitnessSlot> written = slots.values().stream().map(s -> new WitnessSlot(s.nodeId(),
                        s.incarnation(), mono.toMillis(), null, s.mode(), false, null, s.isolationTimeoutMs(),
                        s.heldVolumes())).toList();
                watch.read(slots.keySet(), written, mono);
            }
            WitnessView view = slots.isEmpty() ? WitnessView.NONE : watch.view(mono);
            events.addAll(detector.evaluate(t, OwnLag.Reading.NONE, view).events());
            evaluated = t;
        }
        return events;
    }

    private List<Transition> beat(String nodeId) {
        long seq = seqs.merge(nodeId, 1L, Long::sum);
        return detector.heartbeat(new NodeHeartbeat(nodeId, "inc-1", seq, now, 500, 2000, Resources.NONE, Resources.NONE),
                now);
    }

    private static List<MonitorAlert> alerts(List<NodeHealthEvent> events) {
        return events.stream().filter(e -> e instanceof MonitorAlert a && a.kind() == MonitorAlert.Kind.NO_QUORUM)
                .map(e -> (MonitorAlert) e).toList();
    }
}

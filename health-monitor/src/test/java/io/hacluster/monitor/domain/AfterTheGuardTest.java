package io.hacluster.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;

/**
 * What follows a mass-silence guard, against a fake clock (issue 11.1: the guard cleared at 249 of 836 nodes silent,
 * 29.8%, and 353 living nodes were declared failed within 4 s). Defaults: steady nodes beating every 500 ms with a 2 s
 * isolation timeout are failed 3 s after their last heartbeat; the guard is raised at 30% silent (and 3 nodes), cleared
 * below 15%; after it, at most 2 declarations a second for 30 s and while any are held back.
 */
class AfterTheGuardTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final int NODES = 40;
    /** The nodes whose silence raises the guard in every test: 12 of 40, 30%. */
    private static final List<String> RAISED_WITH = IntStream.range(0, 12).mapToObj(i -> String.format("n%02d", i))
            .toList();

    private FailureDetector detector;
    private Instant now;
    /** The last instant evaluated. */
    private Instant evaluated;
    private final Map<String, Long> seqs = new HashMap<>();
    private final List<String> all = IntStream.range(0, NODES).mapToObj(i -> String.format("n%02d", i)).toList();

    @BeforeEach
    void setUp() {
        start(DetectorSettings.defaults());
    }

    @Test
    void shouldKeepTheGuardRaisedWhileTheSilenceHoversJustBelowItsThreshold() {
        Instant last = settle();
        List<String> silent = new ArrayList<>(all.subList(0, 12)); // 30%: raises the guard
        List<NodeHealthEvent> raised = run(beatingAllBut(silent), last.plusMillis(1000));
        assertThat(alerts(raised, MonitorAlert.Kind.MASS_SILENCE)).singleElement()
                .satisfies(a -> assertThat(a.active()).isTrue());

        // one comes back: 11 of 40 = 27.5%, under the threshold but above the clear threshold
        silent.remove("n00");
        List<NodeHealthEvent> hovering = run(beatingAllBut(silent), last.plusSeconds(30));

        assertThat(hovering).noneMatch(e -> e instanceof MonitorAlert || e instanceof NodeFailed);
        assertThat(detector.guard().active()).isTrue();
        assertThat(detector.guard().message()).contains("11 of 40", "cleared below 15%");
    }

    @Test
    void shouldClearTheGuardOnlyBelowItsClearThreshold() {
        Instant last = settle();
        List<String> silent = new ArrayList<>(all.subList(0, 12));
        run(beatingAllBut(silent), last.plusMillis(1000));
        silent.subList(0, 6).clear(); // 6 of 40 = 15%: not below

        assertThat(run(beatingAllBut(silent), last.plusSeconds(20))).noneMatch(e -> e instanceof MonitorAlert);

        silent.remove(0); // 5 of 40 = 12.5%: cleared
        assertThat(alerts(run(beatingAllBut(silent), last.plusSeconds(21)), MonitorAlert.Kind.MASS_SILENCE))
                .singleElement().satisfies(a -> assertThat(a.active()).isFalse());
    }

    @Test
    void shouldGiveTheNodesStillSilentWhenItClearsAWholeFailureTimeoutFromTheClear() {
        start(DetectorSettings.defaults().withDeclarationRate(1000, Duration.ofSeconds(30)));
        Instant last = settle();
        List<String> silent = new ArrayList<>(all.subList(0, 12));
        run(beatingAllBut(silent), last.plusMillis(1000));
        silent.subList(0, 8).clear(); // 4 of 40 still silent, for 20 s already
        Instant cleared = clearAt(silent, last.plusSeconds(20));

        assertThat(run(beatingAllBut(silent), cleared.plusMillis(2900))).noneMatch(e -> e instanceof NodeFailed);
        List<NodeHealthEvent> declared = run(beatingAllBut(silent), cleared.plusMillis(3000));

        assertThat(declared).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactlyElementsOf(silent);
        NodeFailed first = (NodeFailed) declared.stream().filter(e -> e instanceof NodeFailed).findFirst().get();
        assertThat(first.lastHeartbeatAt()).isEqualTo(last); // the real last arrival, for the self-fence deadline
        assertThat(first.reason()).contains("silence counted from " + cleared + ", when a guard cleared");
    }

    @Test
    void shouldDeclareAtMostTheConfiguredRateAfterTheGuardAndSayHowManyAreHeldBack() {
        Instant last = settle();
        List<String> silent = new ArrayList<>(all.subList(0, 12));
        run(beatingAllBut(silent), last.plusMillis(1000));
        silent.subList(0, 7).clear(); // 5 of 40 stay silent: really dead
        Instant cleared = clearAt(silent, last.plusSeconds(20));

        // a second's worth (2) at once, the others held back
        List<NodeHealthEvent> due = run(beatingAllBut(silent), cleared.plusMillis(3000));
        assertThat(due).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactlyElementsOf(silent.subList(0, 2));
        assertThat(alerts(due, MonitorAlert.Kind.DECLARATIONS_HELD)).singleElement().satisfies(a -> {
            assertThat(a.active()).isTrue();
            assertThat(a.silentNodes()).isEqualTo(3);
            assertThat(a.silentNodeIds()).containsExactlyElementsOf(silent.subList(2, 5));
            assertThat(a.message()).startsWith("3 failure declarations held back");
        });
        assertThat(detector.guard().heldDeclarations()).isEqualTo(3);

        // then one every 500 ms, the alert cleared with the last one
        List<Instant> declaredAt = new ArrayList<>();
        List<NodeHealthEvent> rest = new ArrayList<>();
        for (Instant t = cleared.plusMillis(3100); !t.isAfter(cleared.plusSeconds(6)); t = t.plusMillis(100)) {
            List<NodeHealthEvent> events = run(beatingAllBut(silent), t);
            rest.addAll(events);
            Instant at = t;
            events.stream().filter(e -> e instanceof NodeFailed).forEach(e -> declaredAt.add(at));
        }
        assertThat(declaredAt).containsExactly(cleared.plusMillis(3500), cleared.plusMillis(4000),
                cleared.plusMillis(4500));
        assertThat(alerts(rest, MonitorAlert.Kind.DECLARATIONS_HELD)).singleElement()
                .satisfies(a -> assertThat(a.active()).isFalse());
        assertThat(detector.guard().heldDeclarations()).isZero();
        assertThat(silent).allSatisfy(id -> assertThat(state(id)).isEqualTo(Liveness.FAILED));
    }

    @Test
    void shouldNeitherReleaseNorForgetHeldDeclarationsWhenTheGuardIsRaisedAndClearedAgain() {
        Instant last = settle();
        List<String> silent = new ArrayList<>(all.subList(0, 12));
        run(beatingAllBut(silent), last.plusMillis(1000));
        silent.subList(0, 7).clear(); // 5 of 40 stay silent
        Instant cleared = clearAt(silent, last.plusSeconds(20));
        List<NodeHealthEvent> due = run(beatingAllBut(silent), cleared.plusMillis(3000));
        assertThat(due).filteredOn(e -> e instanceof NodeFailed).hasSize(2);

        // at once most nodes fall silent for a moment (the monitor's consumer, say), then beat again
        List<NodeHealthEvent> flap = run(all.subList(30, 40), cleared.plusMillis(5000));
        assertThat(alerts(flap, MonitorAlert.Kind.MASS_SILENCE)).extracting(MonitorAlert::active)
                .containsExactly(true);
        assertThat(alerts(flap, MonitorAlert.Kind.DECLARATIONS_HELD)).isEmpty(); // still held, by the guard now
        int raisedAt = flap.indexOf(alerts(flap, MonitorAlert.Kind.MASS_SILENCE).get(0));
        assertThat(flap.subList(0, raisedAt)).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactly("n09"); // at the rate, before the silence was long enough to raise the guard
        assertThat(flap.subList(raisedAt, flap.size())).noneMatch(e -> e instanceof NodeFailed);
        List<NodeHealthEvent> back = run(beatingAllBut(silent), cleared.plusMillis(5500));
        assertThat(alerts(back, MonitorAlert.Kind.MASS_SILENCE)).extracting(MonitorAlert::active)
                .containsExactly(false);

        // the two still held back are declared after a failure timeout from the second clearing
        List<NodeHealthEvent> rest = run(beatingAllBut(silent), cleared.plusMillis(5500 + 3000 + 1500));
        assertThat(rest).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactlyElementsOf(silent.subList(3, 5));
    }

    @Test
    void shouldDeclareAtFullSpeedAgainOnceTheSlowPeriodIsOver() {
        start(DetectorSettings.defaults().withDeclarationRate(2, Duration.ofSeconds(10)));
        Instant last = settle();
        List<String> silent = new ArrayList<>(all.subList(0, 12));
        run(beatingAllBut(silent), last.plusMillis(1000));
        Instant cleared = clearAt(List.of(), last.plusSeconds(20));

        // 15 s after the clear, three nodes die at once
        Instant lastOfThree = cleared.plusSeconds(15);
        run(all, lastOfThree);
        List<String> dead = all.subList(20, 23); // steady all along: failed 3 s after their last heartbeat
        List<NodeHealthEvent> events = run(beatingAllBut(dead), lastOfThree.plusMillis(3000));

        assertThat(events).filteredOn(e -> e instanceof NodeFailed).extracting(NodeHealthEvent::key)
                .containsExactlyElementsOf(dead);
        assertThat(events).noneMatch(e -> e instanceof MonitorAlert);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void start(DetectorSettings settings) {
        detector = new FailureDetector(settings, nodeId -> 0);
        now = T0;
        seqs.clear();
        detector.assign(Set.of(0), now);
    }

    /** Every node beats every 500 ms for 10 s (past the grace period); returns the last beat. */
    private Instant settle() {
        for (int i = 0; i < 20; i++) {
            all.forEach(this::beat);
            detector.evaluate(now);
            evaluated = now;
            now = now.plusMillis(500);
        }
        now = evaluated;
        return now;
    }

    /**
     * The nodes of {@link #RAISED_WITH} stay silent until {@code at}, then their heartbeats come back but those of
     * {@code stillSilent}; returns the instant the guard cleared.
     */
    private Instant clearAt(List<String> stillSilent, Instant at) {
        run(beatingAllBut(RAISED_WITH), at.minusMillis(100));
        for (Instant t = at;; t = t.plusMillis(100)) {
            List<NodeHealthEvent> events = run(beatingAllBut(stillSilent), t);
            if (!events.isEmpty()) {
                assertThat(alerts(events, MonitorAlert.Kind.MASS_SILENCE)).singleElement()
                        .satisfies(a -> assertThat(a.active()).isFalse());
                assertThat(detector.guard().active()).isFalse();
                return t;
            }
        }
    }

    private List<String> beatingAllBut(List<String> silent) {
        return all.stream().filter(n -> !silent.contains(n)).toList();
    }

    /**
     * Heartbeats of {@code beating} every 500 ms (at whole half seconds) and an evaluation every 100 ms after the last
     * one evaluated up to {@code until}; returns the events.
     */
    private List<NodeHealthEvent> run(List<String> beating, Instant until) {
        List<NodeHealthEvent> events = new ArrayList<>();
        Instant t = evaluated.plusMillis(100);
        while (!t.isAfter(until)) {
            now = t;
            if (Duration.between(T0, t).toMillis() % 500 == 0) {
                beating.forEach(this::beat);
            }
            events.addAll(detector.evaluate(t).events());
            evaluated = t;
            t = t.plusMillis(100);
        }
        now = evaluated;
        return events;
    }

    private void beat(String nodeId) {
        long seq = seqs.merge(nodeId, 1L, Long::sum);
        detector.heartbeat(new NodeHeartbeat(nodeId, "inc-1", seq, now, 500, 2000, Resources.NONE, Resources.NONE),
                now);
    }

    private static List<MonitorAlert> alerts(List<NodeHealthEvent> events, MonitorAlert.Kind kind) {
        return events.stream().filter(e -> e instanceof MonitorAlert a && a.kind() == kind)
                .map(e -> (MonitorAlert) e).toList();
    }

    private Liveness state(String nodeId) {
        return detector.node(nodeId).orElseThrow().state();
    }
}

package io.hacluster.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeStatus.Mode;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.WitnessView;
import io.hacluster.events.WitnessWatch;

/** One test per row of the monitor's witness table (docs/failure-handling.md, "The second witness"). */
class WitnessRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:10Z");
    private static final Instant DEADLINE = NOW.plusSeconds(2);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    @Test
    void shouldDeclareFailedAsBeforeWithoutAWitness() {
        WitnessRule.Verdict v = WitnessRule.decide(WitnessView.NONE, "n1", DEADLINE, NOW);

        assertThat(v).isEqualTo(new WitnessRule.Verdict(false, true, "", null));
    }

    @Test
    void shouldDeclareFailedWhenTheSlotIsAbsent() {
        WitnessRule.Verdict v = WitnessRule.decide(view(Map.of()), "n1", DEADLINE, NOW);

        assertThat(v.failed()).isTrue();
        assertThat(v.isolated()).isFalse();
        assertThat(v.why()).isEqualTo("its witness slot is absent");
    }

    @Test
    void shouldDeclareFailedWhenTheSlotIsStale() {
        WitnessWatch watch = new WitnessWatch(TIMEOUT);
        read(watch, slot(Mode.ACTIVE, 1, "vol-a"), 0);
        read(watch, slot(Mode.ACTIVE, 2, "vol-a"), 500);

        WitnessRule.Verdict v = WitnessRule.decide(watch.view(ms(2000)), "n1", DEADLINE, NOW);

        assertThat(v.failed()).isTrue();
        assertThat(v.isolated()).isFalse();
        assertThat(v.why()).isEqualTo("its witness slot is stale (unchanged for 1500 ms)");
    }

    @Test
    void shouldDeclareFailedWhenTheSlotIsFreshButSelfFenced() {
        WitnessRule.Verdict v = WitnessRule.decide(fresh(slot(Mode.SELF_FENCED, 7, "vol-a")), "n1", DEADLINE, NOW);

        assertThat(v.failed()).isTrue();
        assertThat(v.isolated()).isFalse();
        assertThat(v.why()).contains("SELF_FENCED", "released its groups itself");
    }

    @Test
    void shouldDeclareFailedWhenTheSlotIsFreshButHoldsNoVolume() {
        WitnessRule.Verdict v = WitnessRule.decide(fresh(slot(Mode.ACTIVE, 7)), "n1", DEADLINE, NOW);

        assertThat(v.failed()).isTrue();
        assertThat(v.isolated()).isFalse();
        assertThat(v.why()).isEqualTo("its witness slot is fresh, ACTIVE, holding no volume");
    }

    @Test
    void shouldIsolateAnActiveNodeHoldingVolumesUntilItsSelfFenceDeadline() {
        WitnessView view = fresh(slot(Mode.ACTIVE, 7, "vol-a", "vol-b"));

        WitnessRule.Verdict before = WitnessRule.decide(view, "n1", DEADLINE, NOW);
        WitnessRule.Verdict after = WitnessRule.decide(view, "n1", DEADLINE, DEADLINE);

        assertThat(before.isolated()).isTrue();
        assertThat(before.failed()).isFalse();
        assertThat(before.witnessMode()).isEqualTo("ACTIVE");
        assertThat(before.why()).contains("fresh, ACTIVE, holding 2 volumes [vol-a, vol-b]",
                "not taken over before its self-fence deadline " + DEADLINE);
        assertThat(after.isolated()).isTrue();
        assertThat(after.failed()).isTrue();
        assertThat(after.why()).contains("its self-fence deadline " + DEADLINE + " has passed");
    }

    @Test
    void shouldKeepAFrozenNodeHoldingVolumesIsolatedPastItsDeadline() {
        WitnessRule.Verdict v = WitnessRule.decide(fresh(slot(Mode.FROZEN, 7, "vol-a")), "n1", DEADLINE,
                DEADLINE.plusSeconds(600));

        assertThat(v.isolated()).isTrue();
        assertThat(v.failed()).isFalse();
        assertThat(v.witnessMode()).isEqualTo("FROZEN");
    }

    @Test
    void shouldNotCallASlotFreshBeforeItIsSeenToChangeNorByItsWritersClock() {
        WitnessWatch watch = new WitnessWatch(TIMEOUT);
        read(watch, slot(Mode.ACTIVE, 1, "vol-a"), 0);
        assertThat(watch.view(ms(100)).fresh("n1")).isFalse(); // first sight: a leftover of a dead node looks so too

        read(watch, slot(Mode.ACTIVE, 2, "vol-a"), 600);
        assertThat(watch.view(ms(2099)).fresh("n1")).isTrue();
        assertThat(watch.view(ms(2100)).fresh("n1")).isFalse();

        // rewritten with the same seq (writtenAt changes): not a change
        read(watch, new WitnessSlot("n1", "inc-1", 2, Instant.now(), Mode.ACTIVE, false, null, 2000,
                List.of("vol-a")), 2200);
        assertThat(watch.view(ms(2200)).fresh("n1")).isFalse();

        // a new incarnation is a change, even with a lower seq
        read(watch, new WitnessSlot("n1", "inc-2", 0, null, Mode.ACTIVE, false, null, 2000, List.of()), 2300);
        assertThat(watch.view(ms(2300)).fresh("n1")).isTrue();
    }

    @Test
    void shouldForgetASlotWhoseFileIsGoneAndAgeOneThatCannotBeRead() {
        WitnessWatch watch = new WitnessWatch(TIMEOUT);
        read(watch, slot(Mode.ACTIVE, 1, "vol-a"), 0);
        read(watch, slot(Mode.ACTIVE, 2, "vol-a"), 500);

        watch.read(Set.of("n1"), List.of(), ms(1000)); // present but unreadable: what was read ages
        assertThat(watch.view(ms(1000)).fresh("n1")).isTrue();
        assertThat(watch.view(ms(2000)).fresh("n1")).isFalse();

        watch.read(Set.of(), List.of(), ms(2100));
        assertThat(watch.view(ms(2100)).of("n1")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ helpers

    static WitnessSlot slot(Mode mode, long seq, String... volumes) {
        return new WitnessSlot("n1", "inc-1", seq, null, mode, false, null, 2000, List.of(volumes));
    }

    private static WitnessView fresh(WitnessSlot slot) {
        return view(Map.of(slot.nodeId(), new WitnessView.Slot(slot, true, Duration.ofMillis(200))));
    }

    private static WitnessView view(Map<String, WitnessView.Slot> slots) {
        return new WitnessView(true, slots);
    }

    private static void read(WitnessWatch watch, WitnessSlot slot, long atMs) {
        watch.read(Set.of(slot.nodeId()), List.of(slot), ms(atMs));
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}

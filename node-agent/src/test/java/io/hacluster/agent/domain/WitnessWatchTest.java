package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeStatus;
import io.hacluster.events.WitnessSlot;

/** Freshness of the witness slots on the reader's own monotonic clock, in milliseconds from 0. */
class WitnessWatchTest {

    static final WitnessWatch.Settings SETTINGS = new WitnessWatch.Settings(Duration.ofMillis(500),
            Duration.ofMillis(1500));

    final WitnessWatch watch = new WitnessWatch("node-a", SETTINGS);

    static MonotonicTime at(long millis) {
        return MonotonicTime.ofMillis(millis);
    }

    /** A slot as written by another machine: its clock is years off, which must not matter. */
    static WitnessSlot slot(String node, String incarnation, long seq, boolean kafkaReachable) {
        return new WitnessSlot(node, incarnation, seq, Instant.parse("1999-01-01T00:00:00Z"), NodeStatus.Mode.ACTIVE,
                kafkaReachable, null, 2500, List.of());
    }

    void read(long millis, WitnessSlot... slots) {
        Set<String> present = new java.util.HashSet<>(Set.of("node-a"));
        for (WitnessSlot s : slots) {
            present.add(s.nodeId());
        }
        watch.read(present, List.of(slots), at(millis));
    }

    @Test
    void shouldCallASlotFreshOnlyOnceItsSeqWasSeenToChange() {
        read(0, slot("node-b", "i1", 7, true));
        assertThat(watch.fresh("node-b", at(0))).as("first sight proves nothing").isFalse();

        read(500, slot("node-b", "i1", 8, true));
        assertThat(watch.fresh("node-b", at(500))).isTrue();
        assertThat(watch.fresh("node-b", at(1999))).isTrue();
        assertThat(watch.fresh("node-b", at(2000))).as("1500 ms without a change").isFalse();
    }

    @Test
    void shouldCallASlotStaleWhenItsSeqStopsChangingWhateverItsWrittenAtSays() {
        read(0, slot("node-b", "i1", 1, false));
        read(500, slot("node-b", "i1", 2, false));
        read(1000, slot("node-b", "i1", 2, false));
        read(1500, slot("node-b", "i1", 2, false));
        assertThat(watch.fresh("node-b", at(1999))).isTrue();
        read(2000, slot("node-b", "i1", 2, false));
        assertThat(watch.fresh("node-b", at(2000))).isFalse();
        assertThat(watch.view(at(2000))).isEqualTo(new WitnessView(false, 1, 0, 0));

        read(2100, slot("node-b", "i1", 3, false));
        assertThat(watch.view(at(2100)).freshUnreachable()).as("fresh again").isEqualTo(1);
    }

    @Test
    void shouldCountANewIncarnationAsAChange() {
        read(0, slot("node-b", "i1", 40, true));
        read(500, slot("node-b", "i2", 1, true));

        assertThat(watch.fresh("node-b", at(500))).isTrue();
    }

    @Test
    void shouldCountEveryPresentSlotAsKnownAndOnlyFreshOnesAsWitnesses() {
        read(0, slot("node-b", "i", 1, false), slot("node-c", "i", 1, true), slot("node-d", "i", 1, false));
        read(500, slot("node-b", "i", 2, false), slot("node-c", "i", 2, true), slot("node-d", "i", 1, false));
        // node-e's file is there but could not be read
        watch.read(Set.of("node-a", "node-b", "node-c", "node-d", "node-e"),
                List.of(slot("node-b", "i", 2, false), slot("node-c", "i", 2, true), slot("node-d", "i", 1, false)),
                at(600));
        watch.written(at(550));

        assertThat(watch.view(at(600))).isEqualTo(new WitnessView(true, 4, 1, 1));
    }

    @Test
    void shouldForgetASlotWhoseFileIsGoneAndNeverCountItsOwn() {
        read(0, slot("node-a", "mine", 1, true), slot("node-b", "i", 1, false));
        read(500, slot("node-a", "mine", 2, true), slot("node-b", "i", 2, false));
        assertThat(watch.view(at(500)).knownOthers()).isEqualTo(1);

        watch.read(Set.of("node-a"), List.of(slot("node-a", "mine", 3, true)), at(1000));

        assertThat(watch.view(at(1000)).knownOthers()).isZero();
    }

    @Test
    void shouldCountItsOwnSlotWrittenWhileItsLastWriteIsYoungerThanTheTimeoutLessOneInterval() {
        assertThat(watch.ownSlotWritten(at(0))).as("never written").isFalse();

        watch.written(at(100));

        assertThat(watch.ownSlotWritten(at(1099))).isTrue();
        assertThat(watch.ownSlotWritten(at(1100))).as("1500 - 500 ms after the write").isFalse();
    }

    @Test
    void shouldRefuseATimeoutShorterThanTwoIntervals() {
        assertThatThrownBy(() -> new WitnessWatch.Settings(Duration.ofMillis(500), Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

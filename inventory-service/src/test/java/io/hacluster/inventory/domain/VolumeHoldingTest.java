package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.inventory.domain.VolumeHolding.Fence;
import io.hacluster.inventory.domain.VolumeHolding.Holding;
import io.hacluster.inventory.domain.VolumeHolding.Mount;
import io.hacluster.inventory.domain.VolumeHolding.State;

class VolumeHoldingTest {

    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void shouldShowASingleReportedMountAsMounted() {
        assertThat(VolumeHolding.judge(List.of(new Mount("node-1", 3, T, null))))
                .containsExactly(new Holding("node-1", 3, T, State.MOUNTED, null, null, null));
    }

    @Test
    void shouldShowTheMountTheExecutorFencedAsFencedWithItsEpochAndFailover() {
        Fence fence = new Fence(T.plusSeconds(4), 4L, "fo-1", "storage-preemption");
        Holding h = VolumeHolding.judge(List.of(new Mount("node-1", 3, T, fence))).get(0);
        assertThat(h.state()).isEqualTo(State.FENCED);
        assertThat(h.fencedByEpoch()).isEqualTo(4L);
        assertThat(h.fencedAt()).isEqualTo(T.plusSeconds(4));
        assertThat(h.why()).isEqualTo("fenced by failover fo-1 (storage-preemption, epoch 4) at " + T.plusSeconds(4));
    }

    @Test
    void shouldShowALowerEpochAsSupersededByTheNodeThatHoldsTheHigherOne() {
        List<Holding> held = VolumeHolding.judge(List.of(new Mount("node-2", 4, T.plusSeconds(5), null),
                new Mount("node-1", 3, T, null)));
        assertThat(held).extracting(Holding::state).containsExactly(State.MOUNTED, State.FENCED);
        assertThat(held.get(1).fencedByEpoch()).isEqualTo(4L);
        assertThat(held.get(1).why()).isEqualTo("superseded: epoch 4 was issued to node-2 since");
    }

    @Test
    void shouldShowTwoMountsUnderTheSameEpochBothMountedForTheConflictTheyAre() {
        assertThat(VolumeHolding.judge(List.of(new Mount("node-2", 4, T, null), new Mount("node-1", 4, T, null))))
                .allMatch(Holding::mounted);
    }

    @Test
    void shouldEndAnEpochFenceOnlyByAReportUnderThatEpochOrAHigherOne() {
        Fence fence = new Fence(T, 4L, "fo-1", "storage-preemption");
        assertThat(fence.endedBy(3, T.plusSeconds(60))).isFalse();
        assertThat(fence.endedBy(4, T.minusSeconds(1))).isTrue();
        assertThat(fence.endedBy(5, T)).isTrue();
    }

    @Test
    void shouldEndAWholeNodeFenceByAnyReportSentAfterIt() {
        Fence power = new Fence(T, null, "fo-1", "power");
        assertThat(power.endedBy(99, T)).isFalse();
        assertThat(power.endedBy(1, T.plusMillis(1))).isTrue();
        assertThat(VolumeHolding.judge(List.of(new Mount("node-1", 3, T, power))).get(0).why())
                .isEqualTo("fenced by failover fo-1 (power) at " + T);
    }
}

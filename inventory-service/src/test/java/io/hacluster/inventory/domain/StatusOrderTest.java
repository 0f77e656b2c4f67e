package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class StatusOrderTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void shouldTakeTheFirstStatusAndAHigherSequenceOfTheSameIncarnation() {
        assertThat(StatusOrder.isNewer(null, -1, null, "a", 0, T)).isTrue();
        assertThat(StatusOrder.isNewer("a", 4, T, "a", 5, T)).isTrue();
        assertThat(StatusOrder.isNewer("a", 5, T, "a", 5, T)).isFalse();
        assertThat(StatusOrder.isNewer("a", 5, T, "a", 4, T.plusSeconds(9))).isFalse();
    }

    @Test
    void shouldJudgeAnotherIncarnationByItsReportTime() {
        assertThat(StatusOrder.isNewer("a", 900, T, "b", 1, T.plusSeconds(1))).isTrue();
        assertThat(StatusOrder.isNewer("b", 1, T, "a", 900, T.minusSeconds(1))).isFalse();
    }
}

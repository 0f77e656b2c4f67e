package io.hacluster.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.hacluster.executor.domain.SelfFenceDeadline;

class SelfFenceDeadlineTest {

    private static final Instant LAST_HEARTBEAT = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void shouldLeaveWhatIsLeftOfIsolationTimeoutAndMarginAtDetection() {
        Duration remaining = SelfFenceDeadline.remaining(LAST_HEARTBEAT, LAST_HEARTBEAT.plusMillis(2200),
                Duration.ofSeconds(2), Duration.ofSeconds(1));

        assertThat(remaining).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void shouldLeaveNothingWhenTheDeadlinePassedBeforeDetection() {
        assertThat(SelfFenceDeadline.remaining(LAST_HEARTBEAT, LAST_HEARTBEAT.plusSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).isZero();
    }

    @Test
    void shouldPassOnlyOnceTheDeadlineIsReached() {
        Instant deadline = LAST_HEARTBEAT.plusSeconds(3);

        assertThat(SelfFenceDeadline.hasPassed(deadline, deadline.minusMillis(1))).isFalse();
        assertThat(SelfFenceDeadline.hasPassed(deadline, deadline)).isTrue();
    }
}

package io.hacluster.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.hacluster.executor.domain.SelfFenceDeadline;

class SelfFenceDeadlineTest {

    private static final Instant LAST_HEARTBEAT = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void shouldPassOnlyAfterIsolationTimeoutAndMargin() {
        Instant deadline = SelfFenceDeadline.of(LAST_HEARTBEAT, Duration.ofSeconds(2), Duration.ofSeconds(1));

        assertThat(deadline).isEqualTo(Instant.parse("2026-11-27T10:00:03Z"));
        assertThat(SelfFenceDeadline.hasPassed(deadline, LAST_HEARTBEAT.plusMillis(2999))).isFalse();
        assertThat(SelfFenceDeadline.hasPassed(deadline, LAST_HEARTBEAT.plusMillis(3000))).isTrue();
    }
}

package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class StatusScheduleTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final StatusSchedule schedule = new StatusSchedule(Duration.ofSeconds(5));

    @Test
    void shouldPublishOnEveryChangeAndAtLeastEveryInterval() {
        assertThat(schedule.due(false, null, T0)).as("never published").isTrue();
        assertThat(schedule.due(true, T0, T0.plusMillis(1))).as("changed").isTrue();
        assertThat(schedule.due(false, T0, T0.plusMillis(4999))).as("unchanged, within the interval").isFalse();
        assertThat(schedule.due(false, T0, T0.plusSeconds(5))).as("unchanged, interval over").isTrue();
    }
}

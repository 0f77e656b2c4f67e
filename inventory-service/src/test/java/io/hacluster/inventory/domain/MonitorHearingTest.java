package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.hacluster.inventory.domain.MonitorHearing.Observation;
import io.hacluster.inventory.domain.MonitorHearing.State;

class MonitorHearingTest {

    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void shouldSeeTheMonitorConsumingWhileItsGroupHasMembers() {
        MonitorHearing.Hearing h = MonitorHearing.judge(new Observation(T, 2, 14), T, null, T.plusMillis(1200));
        assertThat(h.state()).isEqualTo(State.CONSUMING);
        assertThat(h.reason()).isEqualTo("2 monitor instances consume the heartbeats, 14 behind (looked 1.2 s ago)");
    }

    @Test
    void shouldSaySinceWhenNoMonitorConsumesOnceItsGroupIsEmpty() {
        MonitorHearing.Hearing h = MonitorHearing.judge(new Observation(T.plusSeconds(40), 0, 800), T, null,
                T.plusSeconds(42));
        assertThat(h.state()).isEqualTo(State.ABSENT);
        assertThat(h.lastSeenAt()).isEqualTo(T);
        assertThat(h.reason()).isEqualTo("no monitor instance consumes the heartbeats (800 not yet read); a monitor "
                + "instance was last seen consuming 42.0 s ago: no node is being judged, and no failure declared");
        assertThat(MonitorHearing.judge(new Observation(T, 0, 0), null, null, T).reason())
                .contains("no monitor instance was seen since the inventory started");
    }

    @Test
    void shouldSayItCouldNotLookWhenTheBrokerDidNotAnswer() {
        MonitorHearing.Hearing h = MonitorHearing.judge(new Observation(T, 1, 0), T, "the broker did not answer",
                T.plusSeconds(10));
        assertThat(h.state()).isEqualTo(State.NOT_MEASURED);
        assertThat(h.measuredAt()).isEqualTo(T);
        assertThat(h.reason()).isEqualTo("the monitor's consumer group could not be looked at: the broker did not "
                + "answer; a monitor instance was last seen consuming 10.0 s ago");
        assertThat(MonitorHearing.judge(null, null, null, T).state()).isEqualTo(State.NOT_MEASURED);
    }
}

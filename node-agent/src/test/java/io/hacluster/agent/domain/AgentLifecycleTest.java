package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AgentLifecycleTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofMillis(2000);

    private final AgentLifecycle lifecycle = new AgentLifecycle("inc-1", TIMEOUT, T0);

    private AgentLifecycle.HeartbeatAcknowledged ack(String incarnation, long sentAtMillis) {
        return new AgentLifecycle.HeartbeatAcknowledged(incarnation, T0.plusMillis(sentAtMillis));
    }

    private boolean tick(long atMillis) {
        return lifecycle.on(new AgentLifecycle.Tick(), T0.plusMillis(atMillis)).isPresent();
    }

    @Test
    void shouldServeOnceTheFirstHeartbeatIsAcknowledged() {
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.STARTING);

        var transition = lifecycle.on(ack("inc-1", 0), T0.plusMillis(5));

        assertThat(transition).hasValueSatisfying(t -> {
            assertThat(t.from()).isEqualTo(AgentMode.STARTING);
            assertThat(t.to()).isEqualTo(AgentMode.ACTIVE);
        });
    }

    @Test
    void shouldNeverFenceItselfBeforeAnyHeartbeatWasAcknowledged() {
        assertThat(tick(60_000)).isFalse();
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.STARTING);
    }

    @Test
    void shouldFenceItselfExactlyAnIsolationTimeoutAfterTheLastAcknowledgedHeartbeatWasSent() {
        lifecycle.on(ack("inc-1", 0), T0.plusMillis(3));
        lifecycle.on(ack("inc-1", 500), T0.plusMillis(1900)); // sent at 500, acknowledged late

        assertThat(tick(2499)).isFalse();
        assertThat(lifecycle.isolationDeadline()).isEqualTo(T0.plusMillis(2500));
        var transition = lifecycle.on(new AgentLifecycle.Tick(), T0.plusMillis(2500));

        assertThat(transition).hasValueSatisfying(t -> {
            assertThat(t.to()).isEqualTo(AgentMode.SELF_FENCED);
            assertThat(t.why()).contains("2000 ms");
        });
    }

    @Test
    void shouldStayActiveWhileHeartbeatsAreAcknowledged() {
        for (long t = 0; t <= 10_000; t += 500) {
            lifecycle.on(ack("inc-1", t), T0.plusMillis(t + 50));
            assertThat(tick(t + 100)).as("tick at %d", t + 100).isFalse();
        }
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.ACTIVE);
    }

    @Test
    void shouldIgnoreAcknowledgementsOfAnEarlierIncarnation() {
        lifecycle.on(ack("inc-1", 0), T0);
        tick(2000);
        lifecycle.beginIncarnation("inc-2", T0.plusMillis(2000));

        assertThat(lifecycle.on(ack("inc-1", 1900), T0.plusMillis(2100))).isEmpty();
        assertThat(lifecycle.on(new AgentLifecycle.StatusAcknowledged("inc-1", AgentMode.SELF_FENCED),
                T0.plusMillis(2100))).isEmpty();
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.SELF_FENCED);
    }

    @Test
    void shouldServeAgainOnlyOnceTheSelfFenceIsReportedAndHeartbeatsOfTheNewIncarnationFlow() {
        lifecycle.on(ack("inc-1", 0), T0);
        tick(2000);
        lifecycle.beginIncarnation("inc-2", T0.plusMillis(2000));

        assertThat(lifecycle.on(ack("inc-2", 5000), T0.plusMillis(5010))).isEmpty();
        assertThat(lifecycle.on(new AgentLifecycle.StatusAcknowledged("inc-2", AgentMode.ACTIVE), T0.plusMillis(5020)))
                .isEmpty();
        var back = lifecycle.on(new AgentLifecycle.StatusAcknowledged("inc-2", AgentMode.SELF_FENCED),
                T0.plusMillis(5030));

        assertThat(back).hasValueSatisfying(t -> {
            assertThat(t.from()).isEqualTo(AgentMode.SELF_FENCED);
            assertThat(t.to()).isEqualTo(AgentMode.ACTIVE);
        });
        assertThat(lifecycle.isolationDeadline()).isEqualTo(T0.plusMillis(7000));
    }
}

package io.hacluster.placement.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.infra.Ports;
import io.hacluster.placement.domain.CandidateListing;
import io.hacluster.placement.domain.NoQuorumPolicy;
import io.hacluster.placement.domain.Reconciler;

/** A placement instance that cannot reach its broker keeps retrying, and says it is not alive once that lasts. */
@Timeout(120)
class PlacementInstanceLivenessTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {

        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void shouldRetryWhileTheBrokerIsUnreachableAndReportItselfNotAliveAfterTheBound() {
        MovableClock clock = new MovableClock();
        int nobody = Ports.free();
        PlacementInstance instance = new PlacementInstance(new PlacementInstance.Settings("liveness",
                Duration.ofMinutes(5), CandidateListing.ALL, "placement-liveness", Duration.ofSeconds(6),
                Duration.ofSeconds(1), Duration.ofSeconds(1), new Reconciler.Settings(Duration.ofSeconds(5),
                        Duration.ofMinutes(5)),
                NoQuorumPolicy.FREEZE),
                Map.of("bootstrap.servers", "localhost:" + nobody, "default.api.timeout.ms", 1000,
                        "request.timeout.ms", 1000),
                plan -> {
                    throw new IllegalStateException("no broker");
                },
                clock);
        try {
            instance.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> instance.failures() >= 2);
            assertThat(instance.notAlive()).as("failing for less than the bound: still retrying").isNull();

            clock.now.set(clock.now.get().plus(PlacementInstance.FAILING_FOR_AT_MOST).plusSeconds(1));

            assertThat(instance.notAlive()).contains("has failed to start since");
        } finally {
            instance.stop();
        }
        assertThat(instance.notAlive()).as("a stopped instance is not a dead one").isNull();
    }
}

package io.hacluster.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

    private static final DetectorSettings D = DetectorSettings.defaults();

    @Test
    void shouldAcceptTheDefaults() {
        assertThat(D.problems()).isEmpty();
    }

    @Test
    void shouldRefuseAFailureBoundThatDoesNotExceedTheIsolationTimeoutPlusMargin() {
        DetectorSettings s = new DetectorSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2),
                D.defaultHeartbeatInterval(), D.gracePeriod(), D.windowSize(), D.minSamples(), D.suspectDeviations(),
                D.failureDeviations(), D.minStdDev(), D.massSilenceThreshold(), D.massSilenceMinNodes());

        assertThatThrownBy(s::requireValid)
                .hasMessageContaining("monitor.failure-bound (3000 ms) must exceed monitor.default-isolation-timeout"
                        + " (2000 ms) + monitor.isolation-margin (1000 ms) = 3000 ms");
    }

    @Test
    void shouldNameEveryInconsistentSetting() {
        DetectorSettings s = new DetectorSettings(Duration.ZERO, D.failureBound(), D.defaultIsolationTimeout(),
                D.defaultHeartbeatInterval(), Duration.ofSeconds(-1), 5, 10, 4, 2, D.minStdDev(), 1.5, 0);

        assertThat(s.problems()).containsExactlyInAnyOrder(
                "monitor.isolation-margin must be positive, was PT0S",
                "monitor.grace-period must not be negative, was PT-1S",
                "monitor.detector.window-size (5) must be at least monitor.detector.min-samples (10)",
                "monitor.detector.failure-deviations (2.0) must be at least monitor.detector.suspect-deviations (4.0)",
                "monitor.mass-silence.threshold must be a share in (0, 1], was 1.5",
                "monitor.mass-silence.min-silent-nodes must be at least 1, was 0");
    }

    @Test
    void shouldLetALongerIsolationTimeoutWinOverTheBound() {
        assertThat(D.failureBoundFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(5));
        assertThat(D.failureBoundFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(11));
    }
}

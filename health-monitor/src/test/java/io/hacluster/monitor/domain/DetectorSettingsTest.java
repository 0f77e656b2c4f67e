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
                D.failureDeviations(), D.minStdDev(), D.massSilenceThreshold(), D.massSilenceMinNodes(),
                D.massSilenceClearThreshold(), D.declarationRate(), D.slowDeclarationPeriod(), D.maxLagExtension(),
                D.noQuorumPolicy(), D.forgetFailedAfter());

        assertThatThrownBy(s::requireValid)
                .hasMessageContaining("monitor.failure-bound (3000 ms) must exceed monitor.default-isolation-timeout"
                        + " (2000 ms) + monitor.isolation-margin (1000 ms) = 3000 ms");
    }

    @Test
    void shouldNameEveryInconsistentSetting() {
        DetectorSettings s = new DetectorSettings(Duration.ZERO, D.failureBound(), D.defaultIsolationTimeout(),
                D.defaultHeartbeatInterval(), Duration.ofSeconds(-1), 5, 10, 4, 2, D.minStdDev(), 1.5, 0, 0.1, 0,
                Duration.ofSeconds(-1), Duration.ofSeconds(-5), null, Duration.ofSeconds(-1));

        assertThat(s.problems()).containsExactlyInAnyOrder(
                "monitor.isolation-margin must be positive, was PT0S",
                "monitor.grace-period must not be negative, was PT-1S",
                "monitor.detector.window-size (5) must be at least monitor.detector.min-samples (10)",
                "monitor.detector.failure-deviations (2.0) must be at least monitor.detector.suspect-deviations (4.0)",
                "monitor.mass-silence.threshold must be a share in (0, 1], was 1.5",
                "monitor.mass-silence.min-silent-nodes must be at least 1, was 0",
                "monitor.mass-silence.declaration-rate must be a positive number of declarations per second, was 0.0",
                "monitor.mass-silence.slow-period must not be negative, was PT-1S",
                "monitor.max-lag-extension must not be negative, was PT-5S",
                "monitor.no-quorum-policy must be freeze or ignore",
                "monitor.forget-failed-after must not be negative, was PT-1S");
    }

    @Test
    void shouldRefuseAGuardThatClearsAboveTheShareThatRaisesIt() {
        assertThat(D.withMassSilence(0.3, 0.4, 3).problems()).containsExactly(
                "monitor.mass-silence.clear-threshold must be a share in (0, monitor.mass-silence.threshold = 0.3],"
                        + " was 0.4");
    }

    @Test
    void shouldLetALongerIsolationTimeoutWinOverTheBound() {
        assertThat(D.failureBoundFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(5));
        assertThat(D.failureBoundFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(11));
    }
}

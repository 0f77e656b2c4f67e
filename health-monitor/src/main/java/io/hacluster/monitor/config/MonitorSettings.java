package io.hacluster.monitor.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.hacluster.monitor.domain.DetectorSettings;
import io.quarkus.runtime.StartupEvent;

/** Turns the typed configuration into the detector's settings, and refuses to start when they are inconsistent. */
@ApplicationScoped
public class MonitorSettings {

    /** Builds the detector's settings from the configuration, or fails listing every problem. */
    public static DetectorSettings from(MonitorConfig config) {
        DetectorSettings settings = new DetectorSettings(config.isolationMargin(), config.failureBound(),
                config.defaultIsolationTimeout(), config.defaultHeartbeatInterval(), config.gracePeriod(),
                config.detector().windowSize(), config.detector().minSamples(), config.detector().suspectDeviations(),
                config.detector().failureDeviations(), config.detector().minStdDev(),
                config.massSilence().threshold(), config.massSilence().minSilentNodes(),
                config.massSilence().clearThreshold().orElse(config.massSilence().threshold() / 2),
                config.massSilence().declarationRate(), config.massSilence().slowPeriod(), config.maxLagExtension(),
                config.noQuorumPolicy(), config.forgetFailedAfter());
        List<String> problems = new ArrayList<>(settings.problems());
        if (config.evaluationInterval().isZero() || config.evaluationInterval().isNegative()) {
            problems.add("monitor.evaluation-interval must be positive, was " + config.evaluationInterval());
        } else if (config.evaluationInterval().compareTo(config.isolationMargin()) >= 0) {
            problems.add("monitor.evaluation-interval (" + config.evaluationInterval().toMillis()
                    + " ms) must be shorter than monitor.isolation-margin (" + config.isolationMargin().toMillis()
                    + " ms)");
        }
        Duration witnessTimeout = config.witness().timeout();
        Duration poll = config.witness().pollInterval();
        if (witnessTimeout.isZero() || witnessTimeout.isNegative()) {
            problems.add("monitor.witness.timeout must be positive, was " + witnessTimeout);
        } else if (poll.isZero() || poll.isNegative() || poll.multipliedBy(2).compareTo(witnessTimeout) > 0) {
            problems.add("monitor.witness.poll-interval (" + poll.toMillis() + " ms) must be positive and at most "
                    + "half of monitor.witness.timeout (" + witnessTimeout.toMillis() + " ms)");
        }
        if (config.witness().root().filter(String::isBlank).isPresent()) {
            problems.add("monitor.witness.root must name a directory when set");
        }
        if (config.takeoverLookback().isNegative()) {
            problems.add("monitor.takeover-lookback must not be negative, was " + config.takeoverLookback());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid health-monitor settings:\n - " + String.join("\n - ", problems));
        }
        return settings;
    }

    @Produces
    @Singleton
    DetectorSettings detectorSettings(MonitorConfig config) {
        return from(config);
    }

    /** Validates at start-up, not at the first use. */
    void onStart(@Observes StartupEvent event, DetectorSettings settings) {
        // resolving the settings validates them
    }
}

package io.hacluster.monitor.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the failure detector judges. Validated as a whole: {@link #problems()} names every inconsistent setting by its
 * configuration key.
 *
 * @param isolationMargin added to a node's isolation timeout: the earliest a silent node may be declared failed
 * @param failureBound the latest a silent node is declared failed, counted from its last heartbeat's arrival (unless
 *        its own isolation timeout plus the margin is longer)
 * @param defaultIsolationTimeout assumed for a node whose heartbeats do not advertise one
 * @param defaultHeartbeatInterval assumed for a node whose heartbeats do not advertise one
 * @param gracePeriod how long the monitor only listens before it judges nodes it has just taken over, and after a
 *        mass-silence alert clears
 * @param windowSize how many recent inter-arrival times a node's estimate is computed from
 * @param minSamples below this many inter-arrival times the estimate is the advertised interval with a standard
 *        deviation as large as the interval (a node just heard of is given the most patience)
 * @param suspectDeviations a node is suspected after mean + this many standard deviations of silence
 * @param failureDeviations the adaptive failure timeout: mean + this many standard deviations, then clamped
 * @param minStdDev the smallest standard deviation used, so that a very regular node is not judged on noise
 * @param massSilenceThreshold share of the judged nodes that, silent at once, raises the mass-silence alert
 * @param massSilenceMinNodes how many nodes at least must be silent to raise it (fewer if fewer are judged)
 * @param massSilenceClearThreshold once raised, the guard clears only when fewer than this share of the judged nodes
 *        are silent (hysteresis: at most {@code massSilenceThreshold})
 * @param declarationRate after a guard (mass silence, lost quorum) clears, at most this many nodes per second are
 *        declared failed
 * @param slowDeclarationPeriod how long after a guard clears the declaration rate applies (longer while declarations
 *        are held back)
 * @param maxLagExtension the most by which the monitor's own measured lag (a late evaluation, a consumer behind the
 *        heartbeats) extends a node's deadlines; zero turns the extension off
 * @param noQuorumPolicy what happens to failure declarations while the monitor sees no majority of the known nodes
 * @param forgetFailedAfter a node declared failed stops counting among the known nodes this long after its
 *        declaration (so that nodes removed from the cluster do not hold the quorum for ever)
 */
public record DetectorSettings(Duration isolationMargin, Duration failureBound, Duration defaultIsolationTimeout,
        Duration defaultHeartbeatInterval, Duration gracePeriod, int windowSize, int minSamples,
        double suspectDeviations, double failureDeviations, Duration minStdDev, double massSilenceThreshold,
        int massSilenceMinNodes, double massSilenceClearThreshold, double declarationRate,
        Duration slowDeclarationPeriod, Duration maxLagExtension, NoQuorumPolicy noQuorumPolicy,
        Duration forgetFailedAfter) {

    /** The documented defaults. */
    public static DetectorSettings defaults() {
        return new DetectorSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofSeconds(5), 100, 10, 4.0, 8.0, Duration.ofMillis(100), 0.3, 3, 0.15,
                2.0, Duration.ofSeconds(30), Duration.ofSeconds(5), NoQuorumPolicy.FREEZE, Duration.ofMinutes(10));
    }

    /** These settings with another mass-silence guard: raised at {@code threshold}, cleared below {@code clear}. */
    public DetectorSettings withMassSilence(double threshold, double clear, int minNodes) {
        return new DetectorSettings(isolationMargin, failureBound, defaultIsolationTimeout, defaultHeartbeatInterval,
                gracePeriod, windowSize, minSamples, suspectDeviations, failureDeviations, minStdDev, threshold,
                minNodes, clear, declarationRate, slowDeclarationPeriod, maxLagExtension, noQuorumPolicy,
                forgetFailedAfter);
    }

    /** These settings with another rate of declarations after a guard, applied for {@code period}. */
    public DetectorSettings withDeclarationRate(double perSecond, Duration period) {
        return new DetectorSettings(isolationMargin, failureBound, defaultIsolationTimeout, defaultHeartbeatInterval,
                gracePeriod, windowSize, minSamples, suspectDeviations, failureDeviations, minStdDev,
                massSilenceThreshold, massSilenceMinNodes, massSilenceClearThreshold, perSecond, period,
                maxLagExtension, noQuorumPolicy, forgetFailedAfter);
    }

    /** These settings with another bound on the extension for the monitor's own lag. */
    public DetectorSettings withMaxLagExtension(Duration max) {
        return new DetectorSettings(isolationMargin, failureBound, defaultIsolationTimeout, defaultHeartbeatInterval,
                gracePeriod, windowSize, minSamples, suspectDeviations, failureDeviations, minStdDev,
                massSilenceThreshold, massSilenceMinNodes, massSilenceClearThreshold, declarationRate,
                slowDeclarationPeriod, max, noQuorumPolicy, forgetFailedAfter);
    }

    /** These settings with another no-quorum policy and memory of failed nodes. */
    public DetectorSettings withQuorum(NoQuorumPolicy policy, Duration forgetFailed) {
        return new DetectorSettings(isolationMargin, failureBound, defaultIsolationTimeout, defaultHeartbeatInterval,
                gracePeriod, windowSize, minSamples, suspectDeviations, failureDeviations, minStdDev,
                massSilenceThreshold, massSilenceMinNodes, massSilenceClearThreshold, declarationRate,
                slowDeclarationPeriod, maxLagExtension, policy, forgetFailed);
    }

    /** Every inconsistency, each naming its configuration key; empty when the settings are usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        positive(problems, "monitor.isolation-margin", isolationMargin);
        positive(problems, "monitor.failure-bound", failureBound);
        positive(problems, "monitor.default-isolation-timeout", defaultIsolationTimeout);
        positive(problems, "monitor.default-heartbeat-interval", defaultHeartbeatInterval);
        positive(problems, "monitor.detector.min-std-dev", minStdDev);
        if (gracePeriod == null || gracePeriod.isNegative()) {
            problems.add("monitor.grace-period must not be negative, was " + gracePeriod);
        }
        if (problems.isEmpty()) {
            Duration earliest = defaultIsolationTimeout.plus(isolationMargin);
            if (failureBound.compareTo(earliest) <= 0) {
                problems.add("monitor.failure-bound (" + ms(failureBound) + ") must exceed "
                        + "monitor.default-isolation-timeout (" + ms(defaultIsolationTimeout)
                        + ") + monitor.isolation-margin (" + ms(isolationMargin) + ") = " + ms(earliest)
                        + ": a node is declared failed only after it has fenced itself, so the bound must leave room"
                        + " after that");
            }
            if (defaultHeartbeatInterval.compareTo(defaultIsolationTimeout) >= 0) {
                problems.add("monitor.default-heartbeat-interval (" + ms(defaultHeartbeatInterval) + ") must be shorter"
                        + " than monitor.default-isolation-timeout (" + ms(defaultIsolationTimeout) + ")");
            }
        }
        if (minSamples < 2) {
            problems.add("monitor.detector.min-samples must be at least 2, was " + minSamples);
        }
        if (windowSize < minSamples) {
            problems.add("monitor.detector.window-size (" + windowSize + ") must be at least "
                    + "monitor.detector.min-samples (" + minSamples + ")");
        }
        if (!(suspectDeviations > 0)) {
            problems.add("monitor.detector.suspect-deviations must be positive, was " + suspectDeviations);
        }
        if (!(failureDeviations >= suspectDeviations)) {
            problems.add("monitor.detector.failure-deviations (" + failureDeviations + ") must be at least "
                    + "monitor.detector.suspect-deviations (" + suspectDeviations + ")");
        }
        if (!(massSilenceThreshold > 0 && massSilenceThreshold <= 1)) {
            problems.add("monitor.mass-silence.threshold must be a share in (0, 1], was " + massSilenceThreshold);
        }
        if (massSilenceMinNodes < 1) {
            problems.add("monitor.mass-silence.min-silent-nodes must be at least 1, was " + massSilenceMinNodes);
        }
        if (!(massSilenceClearThreshold > 0 && massSilenceClearThreshold <= massSilenceThreshold)) {
            problems.add("monitor.mass-silence.clear-threshold must be a share in (0, monitor.mass-silence.threshold"
                    + " = " + massSilenceThreshold + "], was " + massSilenceClearThreshold);
        }
        if (!(declarationRate > 0) || Double.isInfinite(declarationRate)) {
            problems.add("monitor.mass-silence.declaration-rate must be a positive number of declarations per second,"
                    + " was " + declarationRate);
        }
        if (slowDeclarationPeriod == null || slowDeclarationPeriod.isNegative()) {
            problems.add("monitor.mass-silence.slow-period must not be negative, was " + slowDeclarationPeriod);
        }
        if (noQuorumPolicy == null) {
            problems.add("monitor.no-quorum-policy must be freeze or ignore");
        }
        if (forgetFailedAfter == null || forgetFailedAfter.isNegative()) {
            problems.add("monitor.forget-failed-after must not be negative, was " + forgetFailedAfter);
        }
        if (maxLagExtension == null || maxLagExtension.isNegative()) {
            problems.add("monitor.max-lag-extension must not be negative, was " + maxLagExtension);
        }
        return problems;
    }

    /** These settings, or an exception listing every problem. */
    public DetectorSettings requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid health-monitor settings:\n - " + String.join("\n - ", problems));
        }
        return this;
    }

    /**
     * The failure bound that holds for a node advertising this isolation timeout: the configured bound, or the
     * isolation timeout plus the margin where that is longer (a node is never declared failed before it fenced
     * itself).
     */
    public Duration failureBoundFor(Duration isolationTimeout) {
        Duration earliest = isolationTimeout.plus(isolationMargin);
        return earliest.compareTo(failureBound) > 0 ? earliest : failureBound;
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            problems.add(key + " must be positive, was " + value);
        }
    }

    static String ms(Duration d) {
        return d.toMillis() + " ms";
    }
}

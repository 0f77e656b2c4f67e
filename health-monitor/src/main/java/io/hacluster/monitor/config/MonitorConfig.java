package io.hacluster.monitor.config;

import java.time.Duration;
import java.util.Optional;

import io.hacluster.monitor.domain.NoQuorumPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the health monitor, prefix {@code monitor}. Checked as a whole at start-up ({@link MonitorSettings}):
 * the application refuses to start with inconsistent values and says which.
 */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

    /** How often every judged node's silence is checked; adds at most this much to any detection time. */
    @WithDefault("100ms")
    Duration evaluationInterval();

    /**
     * Added to a node's advertised isolation timeout: a node is never declared failed earlier than this after its last
     * heartbeat arrived, so that a cut-off node has fenced itself first. Keep it equal to the executor's
     * {@code executor.self-fence-margin}.
     */
    @WithDefault("1s")
    Duration isolationMargin();

    /**
     * A silent node is declared failed at most this long after its last heartbeat arrived (plus one evaluation
     * interval), unless its own isolation timeout plus the margin is longer. Must exceed
     * {@code default-isolation-timeout + isolation-margin}.
     */
    @WithDefault("5s")
    Duration failureBound();

    /** Assumed for a node whose heartbeats do not advertise an isolation timeout. */
    @WithDefault("2s")
    Duration defaultIsolationTimeout();

    /** Assumed for a node whose heartbeats do not advertise their interval. */
    @WithDefault("500ms")
    Duration defaultHeartbeatInterval();

    /**
     * After start-up, after taking over heartbeat partitions, and after a mass-silence alert clears, the nodes
     * concerned are only listened to for this long before they are judged.
     */
    @WithDefault("5s")
    Duration gracePeriod();

    /**
     * On taking over a heartbeat partition, heartbeats up to this old are read again to learn which nodes exist there;
     * they count as history, not as signs of life.
     */
    @WithDefault("30s")
    Duration takeoverLookback();

    /**
     * The most by which the monitor's own lag (an evaluation that came late, its consumer falling behind the
     * heartbeats), measured on its monotonic clock, extends a node's deadlines; {@code 0} turns the extension off.
     */
    @WithDefault("5s")
    Duration maxLagExtension();

    /**
     * While this monitor sees no majority of the known nodes (by their heartbeats or fresh witness slots):
     * {@code freeze} declares nobody failed and raises a NO_QUORUM alert; {@code ignore} declares anyway (one- and
     * two-node clusters).
     */
    @WithDefault("freeze")
    NoQuorumPolicy noQuorumPolicy();

    /** A node declared failed stops counting among the known nodes of the quorum this long after its declaration. */
    @WithDefault("10m")
    Duration forgetFailedAfter();

    /** The adaptive estimate. */
    Detector detector();

    /** The second witness: the nodes' slots on the shared storage. */
    Witness witness();

    /** The mass-silence guard. */
    MassSilence massSilence();

    /** The adaptive estimate over each node's inter-arrival times. */
    interface Detector {

        /** How many recent inter-arrival times the estimate uses. */
        @WithDefault("100")
        int windowSize();

        /** Below this many samples a node gets the most patient estimate (deviation = its interval). */
        @WithDefault("10")
        int minSamples();

        /** Suspected after mean + this many standard deviations of silence. */
        @WithDefault("4")
        double suspectDeviations();

        /** Adaptive failure timeout: mean + this many standard deviations, clamped between the floor and the bound. */
        @WithDefault("8")
        double failureDeviations();

        /** The smallest standard deviation used. */
        @WithDefault("100ms")
        Duration minStdDev();
    }

    /** When many nodes fall silent at once, the monitor distrusts itself rather than the nodes. */
    interface MassSilence {

        /** Share of the judged nodes that, silent at once, suspends failure declarations. */
        @WithDefault("0.3")
        double threshold();

        /** At least this many silent nodes (or all judged nodes, if fewer) are needed as well. */
        @WithDefault("3")
        int minSilentNodes();

        /**
         * Once raised, the guard clears only when fewer than this share of the judged nodes are silent (hysteresis);
         * half the threshold when not set.
         */
        Optional<Double> clearThreshold();

        /** After a guard clears, at most this many nodes per second are declared failed. */
        @WithDefault("2")
        double declarationRate();

        /** How long after a guard clears the declaration rate applies (and for as long as declarations are held). */
        @WithDefault("30s")
        Duration slowPeriod();
    }

    /**
     * Before a node is declared failed, its slot on the shared storage is read: a node alive there and holding volumes
     * is isolated, not failed (docs/failure-handling.md, "The second witness").
     */
    interface Witness {

        /** The shared storage root (slots in {@code <root>/.witness/<node>.json}); unset: no witness check. */
        Optional<String> root();

        /** A slot whose seq has not changed for this long, on the monitor's monotonic clock, is stale. */
        @WithDefault("1500ms")
        Duration timeout();

        /** How often every slot is read; at most half the timeout. */
        @WithDefault("500ms")
        Duration pollInterval();
    }
}

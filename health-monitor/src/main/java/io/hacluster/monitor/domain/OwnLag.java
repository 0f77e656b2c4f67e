package io.hacluster.monitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The monitor's own lag, measured on its monotonic clock: time during which it was not running or not consuming, which
 * is not to be counted as the silence of the nodes (ADR 0025). Two measures:
 * <ul>
 * <li><b>stalls</b>: an evaluation tick that comes at least two intervals after the previous one ended a stall of the
 * gap less one interval (a GC pause, a starved CPU, a stopped process); their sum is kept;</li>
 * <li><b>consumer lag</b>: how much later than usual the heartbeats reach the monitor. For each heartbeat the reading
 * {@code arrival (monotonic) − sentAt (its node's clock)} is the transit time plus an unknown offset between the two
 * clocks; less the smallest reading of the same node's recent heartbeats it is the extra delay of this one, with the
 * offset gone (no two clocks are compared, only intervals on each). The least extra delay over the heartbeats consumed
 * since the previous tick is what every one of them waited: the consumer's lag, not one slow node's.</li>
 * </ul>
 * Times are parameters (monotonic readings as {@link Duration}s since any origin); nothing here reads a clock. Not
 * thread-safe: the caller serialises access.
 */
public final class OwnLag {

    /** What the detector is told: the stalls so far and the consumer's lag now. */
    public record Reading(Duration stalled, Duration consumerLag) {

        /** No lag measured: deadlines are not extended. */
        public static final Reading NONE = new Reading(Duration.ZERO, Duration.ZERO);
    }

    /** How many recent readings of one node its baseline (the smallest) is taken from. */
    static final int BASELINE_SAMPLES = 64;

    private final Duration interval;
    private final Map<String, Baseline> baselines = new HashMap<>();
    private Duration lastTick;
    private Duration stalled = Duration.ZERO;
    private Duration consumerLag = Duration.ZERO;
    private long leastExcessSinceTick = Long.MAX_VALUE;

    /** @param interval the evaluation interval: the expected gap between ticks */
    public OwnLag(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.interval = interval;
    }

    /**
     * An evaluation tick at {@code monotonicNow}. Returns the stall it ended (zero when it came in time, or less than
     * two intervals after the previous one).
     */
    public Duration tick(Duration monotonicNow) {
        Duration stall = Duration.ZERO;
        if (lastTick != null) {
            Duration gap = monotonicNow.minus(lastTick);
            if (gap.compareTo(interval.multipliedBy(2)) >= 0) {
                stall = gap.minus(interval);
                stalled = stalled.plus(stall);
            }
        }
        lastTick = monotonicNow;
        if (leastExcessSinceTick != Long.MAX_VALUE) {
            consumerLag = Duration.ofMillis(leastExcessSinceTick);
            leastExcessSinceTick = Long.MAX_VALUE;
        }
        return stall;
    }

    /** A heartbeat of {@code nodeId}, sent at {@code sentAt} by its own clock, consumed at {@code monotonicNow}. */
    public void delivered(String nodeId, Instant sentAt, Duration monotonicNow) {
        if (sentAt == null) {
            return;
        }
        long reading = monotonicNow.toMillis() - sentAt.toEpochMilli();
        long least = baselines.computeIfAbsent(nodeId, id -> new Baseline()).add(reading);
        leastExcessSinceTick = Math.min(leastExcessSinceTick, reading - least);
    }

    /** The node is gone (or restarted with another clock): its baseline starts again. */
    public void forget(String nodeId) {
        baselines.remove(nodeId);
    }

    public Reading reading() {
        return new Reading(stalled, consumerLag);
    }

    /** The last readings of one node, and the smallest of them. */
    private static final class Baseline {

        private final long[] readings = new long[BASELINE_SAMPLES];
        private int count;
        private int next;

        /** Adds a reading; returns the smallest of the recent ones, this one included. */
        long add(long reading) {
            readings[next] = reading;
            next = (next + 1) % readings.length;
            count = Math.min(count + 1, readings.length);
            long least = Long.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                least = Math.min(least, readings[i]);
            }
            return least;
        }
    }
}

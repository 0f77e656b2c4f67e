package io.hacluster.agent.domain;

import java.time.Duration;

/**
 * A point on the agent's monotonic clock ({@code System.nanoTime()} in the shell), in nanoseconds from an arbitrary
 * origin. Unlike the wall clock it never jumps (NTP steps, an operator setting the time): the agent's timers, its
 * isolation watch and its health checks measure with it. Two values are compared by their difference, as
 * {@code System.nanoTime()} requires.
 *
 * @param nanos nanoseconds from the clock's origin
 */
public record MonotonicTime(long nanos) implements Comparable<MonotonicTime> {

    public static MonotonicTime ofMillis(long millis) {
        return new MonotonicTime(millis * 1_000_000L);
    }

    public MonotonicTime plus(Duration duration) {
        return new MonotonicTime(nanos + duration.toNanos());
    }

    /** The time from {@code earlier} to this one (negative if {@code earlier} is later). */
    public Duration since(MonotonicTime earlier) {
        return Duration.ofNanos(nanos - earlier.nanos);
    }

    public boolean isBefore(MonotonicTime other) {
        return nanos - other.nanos < 0;
    }

    public boolean isAfter(MonotonicTime other) {
        return nanos - other.nanos > 0;
    }

    public static MonotonicTime max(MonotonicTime a, MonotonicTime b) {
        return a.isBefore(b) ? b : a;
    }

    public static MonotonicTime min(MonotonicTime a, MonotonicTime b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public int compareTo(MonotonicTime other) {
        return Long.signum(nanos - other.nanos);
    }
}

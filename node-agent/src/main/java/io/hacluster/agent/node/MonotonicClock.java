package io.hacluster.agent.node;

import io.hacluster.agent.domain.MonotonicTime;

/**
 * The agent's monotonic clock: what its timers, its isolation watch and its health checks measure with. The wall
 * clock ({@link java.time.Clock}) only stamps what the agent reports.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** {@code System.nanoTime()}: never jumps, also not when the wall clock is set. */
    MonotonicClock SYSTEM = () -> new MonotonicTime(System.nanoTime());

    MonotonicTime now();
}

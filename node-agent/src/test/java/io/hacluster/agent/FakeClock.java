package io.hacluster.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.hacluster.agent.domain.MonotonicTime;
import io.hacluster.agent.node.MonotonicClock;

/**
 * A clock the test moves by hand: {@link #advance} moves the wall clock and the monotonic clock together, as time
 * passing does; {@link #setWall} moves the wall clock alone, as an operator or NTP setting the time does.
 */
public final class FakeClock extends Clock implements MonotonicClock {

    private volatile Instant wall;
    private volatile long monotonicNanos;

    public FakeClock(Instant start) {
        this.wall = start;
        this.monotonicNanos = 1_000_000_000L;
    }

    public synchronized Instant advance(Duration by) {
        wall = wall.plus(by);
        monotonicNanos += by.toNanos();
        return wall;
    }

    /** The wall clock is set; the monotonic clock does not notice. */
    public void setWall(Instant to) {
        wall = to;
    }

    @Override
    public Instant instant() {
        return wall;
    }

    @Override
    public MonotonicTime now() {
        return new MonotonicTime(monotonicNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

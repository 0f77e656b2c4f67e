package io.hacluster.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.hacluster.agent.domain.MonotonicTime;
import io.hacluster.agent.node.MonotonicClock;

/** A clock the test moves by hand: the wall clock and the monotonic clock move together. */
public final class FakeClock extends Clock implements MonotonicClock {

    private volatile Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    public Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Nanoseconds since the epoch of the wall clock: moves exactly as the wall clock does. */
    @Override
    public MonotonicTime now() {
        Instant at = now;
        return new MonotonicTime(at.getEpochSecond() * 1_000_000_000L + at.getNano());
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

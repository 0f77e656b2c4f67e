package io.hacluster.executor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a cut-off node has certainly fenced itself: its agent stops its containers and releases its volumes after
 * {@code isolationTimeout} without delivering a heartbeat. Counted from the arrival of its last heartbeat at the
 * monitor, which is no earlier than the agent's last delivery, plus a safety margin.
 */
public final class SelfFenceDeadline {

    private SelfFenceDeadline() {
    }

    public static Instant of(Instant lastHeartbeatAt, Duration isolationTimeout, Duration margin) {
        if (isolationTimeout.isNegative() || margin.isNegative()) {
            throw new IllegalArgumentException("isolation timeout and margin must not be negative");
        }
        return lastHeartbeatAt.plus(isolationTimeout).plus(margin);
    }

    /** True once the deadline has passed at {@code now}. */
    public static boolean hasPassed(Instant deadline, Instant now) {
        return !now.isBefore(deadline);
    }
}

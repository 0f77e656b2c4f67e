package io.hacluster.executor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a cut-off node has certainly fenced itself: its agent stops its containers and releases its volumes after
 * {@code isolationTimeout} without delivering a heartbeat. Counted from the arrival of its last heartbeat at the
 * monitor (no earlier than the agent's last delivery), plus a safety margin for clock rates and reaction time.
 * <p>
 * The monitor's two times (last heartbeat, detection) are read on one clock, so their difference is a duration the
 * executor can trust; the rest is waited out on the executor's own clock from when it took the plan in hand. No
 * timestamp of one machine is compared with another's clock.
 */
public final class SelfFenceDeadline {

    private SelfFenceDeadline() {
    }

    /** How much of isolation timeout + margin was still to run when the monitor declared the node failed. */
    public static Duration remaining(Instant lastHeartbeatAt, Instant detectedAt, Duration isolationTimeout,
            Duration margin) {
        if (isolationTimeout.isNegative() || margin.isNegative()) {
            throw new IllegalArgumentException("isolation timeout and margin must not be negative");
        }
        Duration silentAtDetection = Duration.between(lastHeartbeatAt, detectedAt);
        Duration remaining = isolationTimeout.plus(margin).minus(silentAtDetection);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    /** True once the deadline has passed at {@code now}. */
    public static boolean hasPassed(Instant deadline, Instant now) {
        return !now.isBefore(deadline);
    }
}

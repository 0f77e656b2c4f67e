package io.hacluster.inventory.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the health monitor is at work, as the inventory sees it from the broker: the monitor publishes only when a
 * judgement changes, so its silence on node-health says nothing; what says it judges is its consumer group on the
 * heartbeats, which has members while a monitor instance runs and consumes, and how far behind they are.
 */
public final class MonitorHearing {

    private MonitorHearing() {
    }

    public enum State {
        /** At least one monitor instance is a member of its group and consumes the heartbeats. */
        CONSUMING,
        /** The group has no member: no monitor runs, or none reaches the broker; no failure is being declared. */
        ABSENT,
        /** The broker did not answer, or nothing was measured yet. */
        NOT_MEASURED
    }

    /**
     * One look at the monitor's consumer group.
     *
     * @param at when
     * @param members its members now
     * @param heartbeatsBehind heartbeats written and not yet committed by the group
     */
    public record Observation(Instant at, int members, long heartbeatsBehind) {
    }

    /**
     * @param lastSeenAt the last look that found a member, or null (never, since the inventory started)
     * @param measuredAt when the group was last looked at, or null
     * @param members its members then
     * @param heartbeatsBehind heartbeats not yet committed then
     */
    public record Hearing(State state, Instant lastSeenAt, Instant measuredAt, int members, long heartbeatsBehind,
            String reason) {
    }

    /**
     * Judges the latest look at the group ({@code latest}, null before the first), and {@code error}, why the last
     * look failed (null when it did not), as of {@code now}.
     */
    public static Hearing judge(Observation latest, Instant lastSeenAt, String error, Instant now) {
        String seen = lastSeenAt == null
                ? "no monitor instance was seen since the inventory started"
                : "a monitor instance was last seen consuming " + ago(lastSeenAt, now) + " ago";
        if (latest == null || error != null) {
            return new Hearing(State.NOT_MEASURED, lastSeenAt, latest == null ? null : latest.at(),
                    latest == null ? 0 : latest.members(), latest == null ? 0 : latest.heartbeatsBehind(),
                    "the monitor's consumer group could not be looked at" + (error == null ? " yet" : ": " + error)
                            + "; " + seen);
        }
        if (latest.members() == 0) {
            return new Hearing(State.ABSENT, lastSeenAt, latest.at(), 0, latest.heartbeatsBehind(),
                    "no monitor instance consumes the heartbeats (" + latest.heartbeatsBehind() + " not yet read); "
                            + seen + ": no node is being judged, and no failure declared");
        }
        return new Hearing(State.CONSUMING, lastSeenAt, latest.at(), latest.members(), latest.heartbeatsBehind(),
                latest.members() + " monitor instance" + (latest.members() == 1 ? "" : "s") + " consume the "
                        + "heartbeats, " + latest.heartbeatsBehind() + " behind (looked " + ago(latest.at(), now)
                        + " ago)");
    }

    private static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        return NodeLifecycle.seconds(d.isNegative() ? Duration.ZERO : d);
    }
}

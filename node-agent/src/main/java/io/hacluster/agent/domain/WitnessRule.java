package io.hacluster.agent.domain;

import java.time.Duration;

/**
 * What an agent whose heartbeats are no longer acknowledged does, given what the storage witness shows: the agent's
 * table of docs/failure-handling.md ("The second witness"), row by row. The isolation watch ({@link AgentLifecycle})
 * decides <em>when</em> the agent is cut off; this decides <em>what</em> it does then. Pure.
 */
public final class WitnessRule {

    private WitnessRule() {
    }

    /** What the agent does. */
    public enum Action {
        /** Stop every container, release every volume, begin a new incarnation (the isolation response). */
        FENCE,
        /** Keep containers and volumes, renew leases, start nothing new, report FROZEN. */
        FREEZE,
        /** Not yet: the others' slots may not show the outage yet; decide again at the next tick. */
        WAIT,
        /** Stay frozen. */
        STAY_FROZEN
    }

    /** An action and why, for the log and the self-fence record. */
    public record Verdict(Action action, String why) {
    }

    /**
     * An active agent whose isolation deadline has passed.
     *
     * @param witness what the witness shows now; null when the agent has none (simulated storage, or turned off)
     * @param boundReached whether the agent's isolation bound (the latest time it promised to fence by) is reached:
     *        until then it may wait for the others' slots to catch up with the outage
     */
    public static Verdict cutOff(WitnessView witness, boolean boundReached) {
        if (witness == null) {
            return new Verdict(Action.FENCE, "no storage witness");
        }
        if (!witness.ownSlotWritten()) {
            return new Verdict(Action.FENCE, "its own witness slot cannot be written, so it can prove nothing ("
                    + witness.describe() + ")");
        }
        if (witness.othersMostlyCutOff()) {
            return new Verdict(Action.FREEZE, "the control plane is down, not this node: " + witness.describe());
        }
        if (witness.majorityCouldBeCutOff() && !boundReached) {
            return new Verdict(Action.WAIT, "the others' slots may not show the outage yet: " + witness.describe());
        }
        return new Verdict(Action.FENCE, (witness.othersMostlyCarryOn()
                ? "the others carry on"
                : "too few fresh slots to tell") + ": " + witness.describe());
    }

    /**
     * A frozen agent whose heartbeats are still not acknowledged.
     *
     * @param witness what the witness shows now; null when it has none any more
     * @param othersBackFor how long the witness has shown a majority of the others acknowledged by Kafka again
     *        (zero when it does not now)
     * @param confirmation how long that must last before the agent concludes that it is the one cut off: time for
     *        its own heartbeats to be acknowledged too, since the others' come back first on some nodes
     */
    public static Verdict frozen(WitnessView witness, Duration othersBackFor, Duration confirmation) {
        if (witness == null || !witness.ownSlotWritten()) {
            return new Verdict(Action.FENCE, "frozen, and its own witness slot can no longer be written"
                    + (witness == null ? "" : " (" + witness.describe() + ")"));
        }
        if (witness.othersMostlyCarryOn()) {
            if (othersBackFor.compareTo(confirmation) >= 0) {
                return new Verdict(Action.FENCE, "frozen, and the outage has been over for the others for "
                        + othersBackFor.toMillis() + " ms while its own heartbeats are still not acknowledged: "
                        + "now it is the one cut off (" + witness.describe() + ")");
            }
            return new Verdict(Action.STAY_FROZEN, "the others are back; waiting up to " + confirmation.toMillis()
                    + " ms for its own heartbeats to be acknowledged too (" + witness.describe() + ")");
        }
        return new Verdict(Action.STAY_FROZEN, witness.describe());
    }
}

package io.hacluster.agent.domain;

/**
 * What the storage witness shows one agent at one moment: whether its own slot is still seen fresh by the others,
 * and what the other nodes' slots say. Built by {@link WitnessWatch}; judged by {@link WitnessRule}.
 *
 * @param ownSlotWritten whether the agent's own slot was written recently enough that every reader still finds it
 *        fresh
 * @param knownOthers how many other nodes have a slot in the witness directory, of any age
 * @param freshUnreachable how many of those slots are fresh and report that Kafka does not acknowledge their node
 * @param freshReachable how many of those slots are fresh and report that Kafka acknowledges their node
 */
public record WitnessView(boolean ownSlotWritten, int knownOthers, int freshUnreachable, int freshReachable) {

    public WitnessView {
        if (knownOthers < 0 || freshUnreachable < 0 || freshReachable < 0
                || freshUnreachable + freshReachable > knownOthers) {
            throw new IllegalArgumentException("fresh slots (" + freshUnreachable + " + " + freshReachable
                    + ") must be among the known ones (" + knownOthers + ")");
        }
    }

    /** More than half of the other known nodes are fresh and cut off from Kafka too: the control plane is down. */
    public boolean othersMostlyCutOff() {
        return 2L * freshUnreachable > knownOthers;
    }

    /** More than half of the other known nodes are fresh and acknowledged by Kafka: they carry on. */
    public boolean othersMostlyCarryOn() {
        return 2L * freshReachable > knownOthers;
    }

    /**
     * Whether the fresh slots are enough that they could still show a majority cut off (those that report Kafka
     * reachable may be about to say otherwise: their own isolation watches run behind this one's).
     */
    public boolean majorityCouldBeCutOff() {
        return 2L * (freshUnreachable + freshReachable) > knownOthers;
    }

    /** For the log and the reasons of transitions. */
    public String describe() {
        return "own slot " + (ownSlotWritten ? "written" : "NOT written") + "; of " + knownOthers
                + " other known node(s), " + freshUnreachable + " fresh report Kafka unreachable, " + freshReachable
                + " fresh report it reachable";
    }
}

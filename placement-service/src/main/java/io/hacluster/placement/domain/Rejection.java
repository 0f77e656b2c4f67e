package io.hacluster.placement.domain;

/** The filters of placement, in the order they are applied; a node is rejected by the first it fails. */
public enum Rejection {

    /** The node is excluded by the request: it failed or refused earlier in the failover being re-planned. */
    EXCLUDED("excluded by the re-plan"),
    /** The node is the one the group leaves. */
    SOURCE("the node it leaves"),
    /** The node asked for is not known. */
    UNKNOWN_NODE("unknown"),
    /** The node is not ACTIVE, has not reported yet, or has fenced itself. */
    NOT_ACTIVE("not active"),
    /** The node cannot reach the group's volume. */
    VOLUME("cannot reach its volume"),
    /** The node is not among the group's possible owners. */
    POSSIBLE_OWNER("not a possible owner"),
    /** The group kept failing on the node: it avoids it until its failure timeout passes or an operator clears it. */
    AVOIDED("avoided after failures"),
    /** The node lacks free CPU or memory, counting reservations and what this plan already placed there. */
    CAPACITY("not enough free capacity"),
    /** A group of the same anti-affinity class is there, reserved there, or placed there by this plan. */
    ANTI_AFFINITY("anti-affinity");

    private final String summary;

    Rejection(String summary) {
        this.summary = summary;
    }

    /** How an unplaceable group's reason names the nodes rejected by this filter. */
    public String summary() {
        return summary;
    }
}

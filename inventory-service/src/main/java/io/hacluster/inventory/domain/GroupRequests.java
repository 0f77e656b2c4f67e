package io.hacluster.inventory.domain;

import java.util.Optional;

/**
 * When an operator's stop, start or unmanage of a group is carried out, or cannot be: a stop completes once the group
 * runs nowhere, a start once it is ONLINE, an unmanage at once; a stop or start fails when the failover that carries
 * it out ends without doing so.
 */
public final class GroupRequests {

    private GroupRequests() {
    }

    /**
     * How a request ended.
     *
     * @param status COMPLETED or FAILED
     * @param detail why, in words for the operator
     */
    public record Settled(RequestStatus status, String detail) {
    }

    /**
     * @param kind STOP, START or UNMANAGE (anything else is never settled here)
     * @param groupId the group
     * @param condition the group's state now
     * @param carriedBy the group's part in the failover that carries the request out, or null when none does yet
     */
    public static Optional<Settled> settle(RequestKind kind, String groupId, GroupCondition condition,
            GroupFacts.FailoverFact carriedBy) {
        switch (kind) {
            case UNMANAGE :
                return done("the cluster neither starts, stops nor moves group " + groupId
                        + " until it is started again");
            case STOP :
                if (condition.state() == GroupState.STOPPED) {
                    return done(carriedBy == null || carriedBy.outcome() != GroupOutcome.STOPPED
                            ? "group " + groupId + " runs nowhere: stopped"
                            : "stopped by failover " + carriedBy.failoverId());
                }
                return failedBy(carriedBy, "stop");
            case START :
                if (condition.state() == GroupState.ONLINE) {
                    return done(condition.reason());
                }
                return failedBy(carriedBy, "start");
            default :
                return Optional.empty();
        }
    }

    private static Optional<Settled> failedBy(GroupFacts.FailoverFact f, String verb) {
        if (f == null || (f.outcome() != GroupOutcome.UNPLACEABLE && f.outcome() != GroupOutcome.FAILED)) {
            return Optional.empty();
        }
        String reason = f.reason() == null || f.reason().isBlank() ? "no reason given" : f.reason();
        return Optional.of(new Settled(RequestStatus.FAILED, "failover " + f.failoverId() + " could not " + verb
                + " it: " + reason));
    }

    private static Optional<Settled> done(String detail) {
        return Optional.of(new Settled(RequestStatus.COMPLETED, detail));
    }
}

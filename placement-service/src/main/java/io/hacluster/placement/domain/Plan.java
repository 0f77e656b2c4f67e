package io.hacluster.placement.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.Release;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.Unplaceable;

/**
 * What the engine returns: for each group of the request, in the order the groups are to be brought online, a target
 * node or the reason why none can take it.
 *
 * @param failoverId derived from the cause
 * @param trigger the cause
 * @param sourceNodeId the node the groups leave, or null
 * @param decisions one per group of the request, highest priority first, largest first
 * @param releases groups to stop where they run (desired state OFFLINE)
 */
public record Plan(String failoverId, Trigger trigger, String sourceNodeId, List<GroupDecision> decisions,
        List<Release> releases) {

    public Plan {
        Objects.requireNonNull(failoverId, "failoverId");
        Objects.requireNonNull(trigger, "trigger");
        decisions = List.copyOf(decisions);
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    /** A plan that stops nothing. */
    public Plan(String failoverId, Trigger trigger, String sourceNodeId, List<GroupDecision> decisions) {
        this(failoverId, trigger, sourceNodeId, decisions, List.of());
    }

    /** Whether publishing this plan would make the executor do something. */
    public boolean actsOnSomething() {
        return !placed().isEmpty() || !releases.isEmpty();
    }

    public List<GroupDecision> placed() {
        return decisions.stream().filter(GroupDecision::placed).toList();
    }

    public List<GroupDecision> unplaced() {
        return decisions.stream().filter(d -> !d.placed()).toList();
    }

    /** The decision for a group, or null when the group is not part of this plan. */
    public GroupDecision decisionFor(String groupId) {
        return decisions.stream().filter(d -> d.groupId().equals(groupId)).findFirst().orElse(null);
    }

    /** The event that publishes this plan, listing the candidates {@code listing} keeps. */
    public FailoverPlanned toEvent(Instant plannedAt, CandidateListing listing) {
        List<Assignment> assignments = placed().stream()
                .map(d -> new Assignment(d.groupId(), d.volumeId(), d.fromNodeId(), d.toNodeId(), d.priority(),
                        d.containers(), listing.select(d), d.epoch(), d.restartFrom()))
                .toList();
        List<Unplaceable> unplaceable = unplaced().stream()
                .map(d -> new Unplaceable(d.groupId(), d.volumeId(), d.fromNodeId(), d.priority(), d.reason(),
                        listing.select(d)))
                .toList();
        return new FailoverPlanned(failoverId, trigger, sourceNodeId, assignments, unplaceable, plannedAt, releases);
    }
}

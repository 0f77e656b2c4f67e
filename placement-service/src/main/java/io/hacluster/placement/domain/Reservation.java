package io.hacluster.placement.domain;

import java.util.Objects;

import io.hacluster.events.Resources;

/**
 * Capacity a published plan holds on a target node until the executor reports the group online there, unplaceable,
 * or the failover finished.
 *
 * @param failoverId the plan's failover
 * @param parentFailoverId the failover a re-plan continues, or null
 * @param groupId the group on its way
 * @param nodeId the target node
 * @param demand the group's CPU and memory
 */
public record Reservation(String failoverId, String parentFailoverId, String groupId, String nodeId,
        Resources demand) {

    public Reservation {
        Objects.requireNonNull(failoverId, "failoverId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(nodeId, "nodeId");
        demand = demand == null ? Resources.NONE : demand;
    }

    /** Whether this reservation belongs to the failover {@code id}, directly or as a re-plan of it. */
    public boolean belongsTo(String id) {
        return failoverId.equals(id) || id.equals(parentFailoverId);
    }
}

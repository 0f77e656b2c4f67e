package io.hacluster.placement.messaging;

import java.util.List;
import java.util.Map;

import io.hacluster.placement.domain.Quorum;

/**
 * What one placement instance is doing, for the REST status and the readiness check.
 *
 * @param instanceId this instance
 * @param role CATCHING_UP while it reads its topics up to where they stood at start, then STANDBY or LEADER
 * @param caughtUp whether it has read its topics up to where they stood at start
 * @param eventsRead events read since start
 * @param plansPublished plans this instance published since start
 * @param pendingCauses causes waiting for a plan
 * @param nodes every node's state
 * @param reservations capacity held by plans not yet carried out
 * @param waiting groups that should run otherwise than they do and that the reconciler cannot repair now, each with
 *        why (the leader's view; empty on a standby)
 * @param quorum how many of the nodes placement knows are alive, and whether that is a majority; null while starting
 */
public record PlacementStatus(String instanceId, Role role, boolean caughtUp, long eventsRead, long plansPublished,
        int pendingCauses, Map<String, String> nodes, List<ReservationView> reservations, Map<String, String> waiting,
        Quorum quorum) {

    /** What an instance does. */
    public enum Role {
        /** Reading its topics from the beginning; decides nothing yet. */
        CATCHING_UP,
        /** Up to date, waiting for the leader lease. */
        STANDBY,
        /** Holds the lease and has read everything published before it got it: plans. */
        LEADER
    }

    /** A reservation as the status shows it. */
    public record ReservationView(String failoverId, String groupId, String nodeId, long cpuMillis, long memoryMb) {
    }

    static PlacementStatus starting(String instanceId) {
        return new PlacementStatus(instanceId, Role.CATCHING_UP, false, 0, 0, 0, Map.of(), List.of(), Map.of(), null);
    }
}

package io.hacluster.inventory.domain;

import java.time.Instant;

/**
 * Whether a node's status is newer than the one the inventory holds. Within one incarnation the sequence number
 * decides; across incarnations the agent's report time does (a node's statuses come from one machine's clock).
 */
public final class StatusOrder {

    private StatusOrder() {
    }

    public static boolean isNewer(String heldIncarnation, long heldSeq, Instant heldReportedAt, String incarnation,
            long seq, Instant reportedAt) {
        if (heldIncarnation == null) {
            return true;
        }
        if (heldIncarnation.equals(incarnation)) {
            return seq > heldSeq;
        }
        return reportedAt == null || heldReportedAt == null || !reportedAt.isBefore(heldReportedAt);
    }
}

package io.hacluster.monitor.domain;

import java.time.Instant;
import java.util.List;

/**
 * The mass-silence guard: whether the monitor currently distrusts its own view.
 *
 * @param active true while failure declarations are suspended
 * @param since when it became active (or was last cleared); null before the first change
 * @param judgedNodes nodes this instance judges now: on its partitions, not failed, past their grace period
 * @param silentNodes of those, how many are past their suspicion timeout
 * @param threshold the share of silent nodes that raises the guard
 * @param minSilentNodes how many silent nodes at least raise it
 * @param silentNodeIds up to ten of the silent nodes
 * @param clearThreshold once raised, the guard clears when fewer than this share are silent
 * @param heldDeclarations failure declarations held back by the rate limit after a guard cleared
 */
public record GuardStatus(boolean active, Instant since, int judgedNodes, int silentNodes, double threshold,
        int minSilentNodes, List<String> silentNodeIds, double clearThreshold, int heldDeclarations) {

    public GuardStatus {
        silentNodeIds = List.copyOf(silentNodeIds);
    }

    GuardStatus withHeld(int held) {
        return new GuardStatus(active, since, judgedNodes, silentNodes, threshold, minSilentNodes, silentNodeIds,
                clearThreshold, held);
    }

    /** The guard's state in words, for the alert and the health check. */
    public String message() {
        String share = silentNodes + " of " + judgedNodes + " judged nodes silent (threshold "
                + Math.round(threshold * 100) + "%, at least " + minSilentNodes + " nodes; once raised, cleared below "
                + Math.round(clearThreshold * 100) + "%)";
        return active
                ? "mass silence: " + share + "; more likely Kafka or this monitor than the nodes, so no node is "
                        + "declared failed until heartbeats come back"
                : "no mass silence: " + share;
    }
}

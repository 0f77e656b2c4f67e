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
 */
public record GuardStatus(boolean active, Instant since, int judgedNodes, int silentNodes, double threshold,
        int minSilentNodes, List<String> silentNodeIds) {

    public GuardStatus {
        silentNodeIds = List.copyOf(silentNodeIds);
    }

    /** The guard's state in words, for the alert and the health check. */
    public String message() {
        String share = silentNodes + " of " + judgedNodes + " judged nodes silent (threshold "
                + Math.round(threshold * 100) + "%, at least " + minSilentNodes + " nodes)";
        return active
                ? "mass silence: " + share + "; more likely Kafka or this monitor than the nodes, so no node is "
                        + "declared failed until heartbeats come back"
                : "no mass silence: " + share;
    }
}

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
 * @param quorum the monitor's view of the quorum
 */
public record GuardStatus(boolean active, Instant since, int judgedNodes, int silentNodes, double threshold,
        int minSilentNodes, List<String> silentNodeIds, double clearThreshold, int heldDeclarations,
        Quorum quorum) {

    /**
     * Whether the monitor sees a majority of the nodes it knows.
     *
     * @param held more than half of the known nodes are seen (or none is known)
     * @param seen known nodes whose heartbeats arrive (not yet due to be failed) or whose witness slot is fresh
     * @param known nodes heard of (heartbeats, node-health), less those declared failed long enough ago
     * @param since when it was last lost or regained; null before the first change
     * @param enforced false under no-quorum policy {@code ignore}: declarations go on without it
     */
    public record Quorum(boolean held, int seen, int known, Instant since, boolean enforced) {

        /** Before anything is known. */
        public static final Quorum NONE = new Quorum(true, 0, 0, null, true);

        /** Whether declarations are to wait for it. */
        public boolean holdsDeclarations() {
            return enforced && !held;
        }

        @Override
        public String toString() {
            return seen + " of " + known + " known nodes seen on Kafka or the storage witness: "
                    + (held ? "quorum" : "no quorum") + (enforced ? "" : " (no-quorum policy ignore)");
        }
    }

    public GuardStatus {
        silentNodeIds = List.copyOf(silentNodeIds);
    }

    GuardStatus withHeld(int held) {
        return new GuardStatus(active, since, judgedNodes, silentNodes, threshold, minSilentNodes, silentNodeIds,
                clearThreshold, held, quorum);
    }

    GuardStatus withQuorum(Quorum q) {
        return new GuardStatus(active, since, judgedNodes, silentNodes, threshold, minSilentNodes, silentNodeIds,
                clearThreshold, heldDeclarations, q);
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

package io.hacluster.inventory.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group's failure history as the operator sees it: per node, the count placement keeps (the latest failure's), the
 * threshold, whether the node is avoided for the group now, and the most recent failures.
 */
public final class GroupFailures {

    /** The most recent failures shown (and kept) per group and node. */
    public static final int RECENT = 10;

    private GroupFailures() {
    }

    /**
     * One failure placement counted.
     *
     * @param failuresOnNode the group's failures on the node since its count was last forgotten, this one included
     * @param avoidedUntil until when the node is avoided for the group; null when it is not, or when it is until an
     *        operator clears it (failure timeout 0: then the count has reached the threshold)
     */
    public record Failure(String nodeId, Instant at, String reason, int failuresOnNode, int failureThreshold,
            Instant avoidedUntil) {

        public Failure {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A failure in the recent list. */
    public record Recent(Instant at, String reason) {
    }

    /**
     * The failures of the group on one node.
     *
     * @param count failures counted on the node (the latest failure's count)
     * @param threshold the failures after which the node is avoided
     * @param avoidedUntil until when the node is avoided, or null when it is not (any more)
     * @param avoided whether the node is avoided for the group now
     * @param recent the latest failures there, newest first, at most {@link #RECENT}
     */
    public record OnNode(String nodeId, int count, int threshold, Instant lastFailureAt, String lastReason,
            Instant avoidedUntil, boolean avoided, List<Recent> recent) {
    }

    /** Per node, the node with the newest failure first; an avoidance that has passed at {@code now} is not shown. */
    public static List<OnNode> summarize(List<Failure> failures, Instant now) {
        List<Failure> newestFirst = new ArrayList<>(failures);
        newestFirst.sort(Comparator.comparing(Failure::at).reversed().thenComparing(Failure::nodeId));
        Map<String, List<Failure>> byNode = new LinkedHashMap<>();
        for (Failure f : newestFirst) {
            byNode.computeIfAbsent(f.nodeId(), k -> new ArrayList<>()).add(f);
        }
        List<OnNode> result = new ArrayList<>();
        for (Map.Entry<String, List<Failure>> e : byNode.entrySet()) {
            Failure latest = e.getValue().get(0);
            boolean avoided = latest.avoidedUntil() == null
                    ? latest.failuresOnNode() >= latest.failureThreshold() && latest.failureThreshold() > 0
                    : now.isBefore(latest.avoidedUntil());
            List<Recent> recent = e.getValue().stream().limit(RECENT).map(f -> new Recent(f.at(), f.reason())).toList();
            result.add(new OnNode(e.getKey(), latest.failuresOnNode(), latest.failureThreshold(), latest.at(),
                    latest.reason(), avoided ? latest.avoidedUntil() : null, avoided, recent));
        }
        return result;
    }
}

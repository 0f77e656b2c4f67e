package io.hacluster.placement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.hacluster.events.PlacementDecision.GroupFailureRecorded;
import io.hacluster.events.RecoveryPolicy;

/**
 * The failures of each group on each node, as Pacemaker's fail counts: a node where a group failed
 * {@code failureThreshold} times is avoided for that group until {@code failureTimeout} after its last failure there;
 * then its count is forgotten. An operator's clear forgets it at once.
 * <p>
 * A failure is known by its id, which derives from the evidence (the status that showed a container FAILED, the
 * executor's report that a target failed), so the same failure read twice, or read once as evidence and once as the
 * leader's published {@link GroupFailureRecorded}, counts once. The published notices are the history that survives
 * a restart: placement rebuilds from them, and from the evidence not yet announced. Not thread-safe.
 */
public final class FailureHistory {

    /** One failure of a group on a node. */
    public record Failure(String failureId, String groupId, String nodeId, Instant at, String reason) {
    }

    /** The count of a group on one node as it stands at some moment. */
    public record Count(String nodeId, int failures, Instant lastFailureAt, String lastReason, Instant avoidedUntil) {

        /** Whether the node is avoided for the group at {@code now}. */
        public boolean avoidedAt(Instant now) {
            return avoidedUntil != null && now.isBefore(avoidedUntil);
        }
    }

    private static final Comparator<Failure> BY_TIME = Comparator.comparing(Failure::at)
            .thenComparing(Failure::failureId);
    /** Failures kept per group and node; older ones cannot matter once this many are counted. */
    private static final int KEPT = 64;

    private final Map<String, Map<String, List<Failure>>> byGroup = new HashMap<>();
    private final Map<String, Failure> known = new HashMap<>();
    private final Map<String, Failure> unannounced = new LinkedHashMap<>();
    private final Map<String, Instant> clearedUntil = new HashMap<>();

    /**
     * A failure seen in the evidence. Returns false when it is already known. It stays unannounced until
     * {@link #announced} is applied for it.
     */
    public boolean record(Failure failure) {
        if (known.containsKey(failure.failureId()) || isCleared(failure)) {
            return false;
        }
        add(failure);
        unannounced.put(failure.failureId(), failure);
        return true;
    }

    /** The leader's announcement of a failure (its own or another instance's): counted, and announced. */
    public void announced(GroupFailureRecorded notice) {
        unannounced.remove(notice.failureId());
        Failure failure = new Failure(notice.failureId(), notice.groupId(), notice.nodeId(), notice.at(),
                notice.reason());
        if (!known.containsKey(notice.failureId()) && !isCleared(failure)) {
            add(failure);
        }
        known.putIfAbsent(notice.failureId(), failure);
    }

    /** An operator cleared the group's failures on a node, or on every node when {@code nodeId} is null. */
    public void clear(String groupId, String nodeId, Instant at) {
        Map<String, List<Failure>> nodes = byGroup.get(groupId);
        if (nodeId == null) {
            clearedUntil.put(groupId + "/*", at);
            byGroup.remove(groupId);
        } else {
            clearedUntil.put(groupId + "/" + nodeId, at);
            if (nodes != null) {
                nodes.remove(nodeId);
            }
        }
        unannounced.values().removeIf(this::isCleared);
    }

    /** The group was removed from the registry: its history goes with it. */
    public void forget(String groupId) {
        byGroup.remove(groupId);
        unannounced.values().removeIf(f -> f.groupId().equals(groupId));
    }

    /** Failures seen but not announced yet, oldest first. */
    public List<Failure> unannounced() {
        return List.copyOf(unannounced.values());
    }

    /** The notice announcing a failure, with the count it makes under the group's policy. */
    public GroupFailureRecorded notice(Failure failure, RecoveryPolicy policy) {
        Count count = countAt(failure.groupId(), failure.nodeId(), policy, failure);
        Instant until = Instant.MAX.equals(count.avoidedUntil()) ? null : count.avoidedUntil();
        return new GroupFailureRecorded(failure.failureId(), failure.groupId(), failure.nodeId(), failure.at(),
                failure.reason(), count.failures(), policy.failureThreshold(), until);
    }

    /** The group's count on every node where it failed, by node id. */
    public Map<String, Count> counts(String groupId, RecoveryPolicy policy) {
        Map<String, Count> counts = new TreeMap<>();
        Map<String, List<Failure>> nodes = byGroup.get(groupId);
        if (nodes != null) {
            nodes.forEach((nodeId, failures) -> {
                if (!failures.isEmpty()) {
                    counts.put(nodeId, countAt(groupId, nodeId, policy, failures.get(failures.size() - 1)));
                }
            });
        }
        return counts;
    }

    /** The nodes avoided for the group at {@code now}, each with why, in node id order. */
    public Map<String, String> avoided(String groupId, RecoveryPolicy policy, Instant now) {
        Map<String, String> avoided = new TreeMap<>();
        counts(groupId, policy).forEach((nodeId, c) -> {
            if (c.avoidedAt(now)) {
                avoided.put(nodeId, "avoided: failed " + c.failures() + " time(s) here (threshold "
                        + policy.failureThreshold() + "), last at " + c.lastFailureAt() + ": " + c.lastReason()
                        + "; " + (Instant.MAX.equals(c.avoidedUntil())
                                ? "until an operator clears it"
                                : "until " + c.avoidedUntil()));
            }
        });
        return avoided;
    }

    /**
     * The count on a node up to and including {@code upTo}: a failure more than the failure timeout after the one
     * before starts the count again.
     */
    private Count countAt(String groupId, String nodeId, RecoveryPolicy policy, Failure upTo) {
        List<Failure> failures = byGroup.getOrDefault(groupId, Map.of()).getOrDefault(nodeId, List.of());
        Duration timeout = Duration.ofSeconds(policy.failureTimeoutSeconds());
        int count = 0;
        Failure last = null;
        for (Failure f : failures) {
            if (BY_TIME.compare(f, upTo) > 0) {
                break;
            }
            if (last != null && !timeout.isZero() && f.at().isAfter(last.at().plus(timeout))) {
                count = 0;
            }
            count++;
            last = f;
        }
        if (last == null) {
            return new Count(nodeId, 0, null, null, null);
        }
        Instant until = count >= policy.failureThreshold()
                ? (timeout.isZero() ? Instant.MAX : last.at().plus(timeout))
                : null;
        return new Count(nodeId, count, last.at(), last.reason(), until);
    }

    private void add(Failure failure) {
        known.put(failure.failureId(), failure);
        List<Failure> failures = byGroup.computeIfAbsent(failure.groupId(), g -> new HashMap<>())
                .computeIfAbsent(failure.nodeId(), n -> new ArrayList<>());
        failures.add(failure);
        failures.sort(BY_TIME);
        if (failures.size() > KEPT) {
            failures.remove(0);
        }
    }

    private boolean isCleared(Failure f) {
        Instant all = clearedUntil.get(f.groupId() + "/*");
        Instant node = clearedUntil.get(f.groupId() + "/" + f.nodeId());
        return (all != null && !f.at().isAfter(all)) || (node != null && !f.at().isAfter(node));
    }
}

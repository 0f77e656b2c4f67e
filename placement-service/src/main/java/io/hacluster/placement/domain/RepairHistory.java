package io.hacluster.placement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hacluster.events.PlacementDecision.TriggerKind;

/**
 * The reconciler's own record: every repair planned for a group (from the plans on {@code placement-decisions}, by
 * whichever instance published them) and how each ended (from the executor's reports). From it come the sequence
 * number of the next repair (so that a cause id is the same on every instance), the restarts in place counted against
 * a group's restart threshold, and the back-off after repairs that did not bring the group online. The outcome of a
 * repair may be read before or after its plan; what is derived does not depend on that order. Not thread-safe.
 */
public final class RepairHistory {

    /** The kinds of plan the reconciler makes. */
    public static final Set<TriggerKind> KINDS = Set.of(TriggerKind.RESTART, TriggerKind.RECOVER,
            TriggerKind.RELOCATE, TriggerKind.GROUP_STOP);

    /** One repair planned. */
    public record Repair(String failoverId, TriggerKind kind, String nodeId, Instant plannedAt, long topology) {
    }

    /** Repairs kept per group: enough for any restart window and back-off that matter. */
    private static final int KEPT = 64;

    private final Map<String, List<Repair>> byGroup = new HashMap<>();
    private final Map<String, Integer> planned = new HashMap<>();
    private final Set<String> succeeded = new HashSet<>();
    private final Map<String, Instant> ended = new HashMap<>();

    /** A repair plan was published. */
    public void planned(String groupId, Repair repair) {
        List<Repair> repairs = byGroup.computeIfAbsent(groupId, g -> new ArrayList<>());
        repairs.add(repair);
        if (repairs.size() > KEPT) {
            repairs.remove(0);
        }
        planned.merge(groupId, 1, Integer::sum);
    }

    /** The group is online (or stopped, as asked) by this failover: a success of it, if it was a repair. */
    public void succeeded(String failoverId) {
        succeeded.add(failoverId);
    }

    /** The failover ended; a repair that ends without a success failed. */
    public void ended(String failoverId, Instant at) {
        ended.putIfAbsent(failoverId, at);
    }

    /** The sequence number the next repair of this group takes: one more than the repairs planned so far. */
    public int nextSequence(String groupId) {
        return planned.getOrDefault(groupId, 0) + 1;
    }

    /** Restarts in place of the group on the node planned within {@code period} before {@code now}. */
    public List<Instant> restartsOn(String groupId, String nodeId, Duration period, Instant now) {
        List<Instant> restarts = new ArrayList<>();
        for (Repair r : byGroup.getOrDefault(groupId, List.of())) {
            if (r.kind() == TriggerKind.RESTART && nodeId.equals(r.nodeId())
                    && r.plannedAt().isAfter(now.minus(period))) {
                restarts.add(r.plannedAt());
            }
        }
        return restarts;
    }

    /** The latest restart in place of the group on the node, or null. */
    public Instant lastRestartOn(String groupId, String nodeId) {
        Instant last = null;
        for (Repair r : byGroup.getOrDefault(groupId, List.of())) {
            if (r.kind() == TriggerKind.RESTART && nodeId.equals(r.nodeId())) {
                last = r.plannedAt();
            }
        }
        return last;
    }

    /**
     * The repairs of the group that failed in a row, counted back from the latest: how many, when the last of them
     * ended, and the cluster's topology version when it was planned.
     */
    public Streak failedStreak(String groupId) {
        int failed = 0;
        Instant lastEnd = null;
        long topology = -1;
        for (Repair r : byGroup.getOrDefault(groupId, List.of())) {
            if (succeeded.contains(r.failoverId())) {
                failed = 0;
                lastEnd = null;
                topology = -1;
            } else if (ended.containsKey(r.failoverId())) {
                failed++;
                lastEnd = ended.get(r.failoverId());
                topology = r.topology();
            }
        }
        return new Streak(failed, lastEnd, topology);
    }

    /** The group was removed. */
    public void forget(String groupId) {
        byGroup.remove(groupId);
    }

    /**
     * Repairs that failed in a row.
     *
     * @param failed how many
     * @param lastEndedAt when the last one ended, or null
     * @param topology the topology version when the last one was planned, or -1
     */
    public record Streak(int failed, Instant lastEndedAt, long topology) {
    }
}

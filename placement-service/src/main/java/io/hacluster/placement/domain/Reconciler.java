package io.hacluster.placement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.DesiredState;
import io.hacluster.events.RecoveryPolicy;

/**
 * The reconciler: compares what each group should be (its desired state) with what placement observes of it, and
 * decides the repair for every difference that no failover is handling. Level-triggered: the same observation gives
 * the same decision every time it is evaluated, so the shell runs it on every change and on a timer, and a repair is
 * published once because its cause id names the group's repair sequence. Pure: time is a parameter.
 * <p>
 * The rules, in order; the first that matches decides (docs/failure-handling.md has the table):
 * <ol>
 * <li>a failover is handling the group, or the group is UNMANAGED: nothing;</li>
 * <li>desired OFFLINE and its live node reports it mounted: stop it there (GROUP_STOP);</li>
 * <li>desired ONLINE and it runs nowhere: place it (RECOVER), after the back-off if earlier repairs failed;</li>
 * <li>desired ONLINE, on a node the monitor declared failed: place it elsewhere, fencing that node first (RECOVER
 * with the failure), after the back-off if earlier repairs failed;</li>
 * <li>on a SUSPECT node, or not yet confirmed by its node's latest status: wait;</li>
 * <li>on a DRAINING or MAINTENANCE node, or on a node no longer among its possible owners: move it (RELOCATE);</li>
 * <li>a container not running there: on a node avoided for the group, move it; with restarts left within its
 * restart period, restart in place (RESTART); else move it (RELOCATE), or, when no other node can take it, restart it
 * in place again after the back-off;</li>
 * <li>otherwise it is as it should be: nothing.</li>
 * </ol>
 * Whatever the rule, after repairs of the group that did not bring it where it should be, the next one waits out a
 * back-off, unless the cluster changed since the last of them was planned.
 */
public final class Reconciler {

    /**
     * How the reconciler paces repairs that do not work.
     *
     * @param backoffInitial the wait after the first repair of a group that did not bring it online; doubled after
     *        each further one
     * @param backoffMax the longest wait
     */
    public record Settings(Duration backoffInitial, Duration backoffMax) {

        public Settings {
            Objects.requireNonNull(backoffInitial, "backoffInitial");
            Objects.requireNonNull(backoffMax, "backoffMax");
        }
    }

    /** Repairs are planned in the engine's greedy order, so that the highest priorities get the room first. */
    private static final Comparator<GroupObservation> ORDER = Comparator
            .comparingInt((GroupObservation g) -> g.spec().priority()).reversed()
            .thenComparing(Comparator.comparingLong((GroupObservation g) -> g.spec().demand().cpuMillis()).reversed())
            .thenComparing(Comparator.comparingLong((GroupObservation g) -> g.spec().demand().memoryMb()).reversed())
            .thenComparing(GroupObservation::groupId);

    private final Settings settings;

    public Reconciler(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The repairs due at {@code now}, highest priority first, largest first, then by group id. */
    public List<PlacementRequest.Repair> decide(Collection<GroupObservation> groups, Instant now) {
        return decide(groups, now, true);
    }

    /**
     * The repairs due at {@code now}; without {@code failures} (no quorum, policy freeze), a group on a failed node
     * waits: placing it elsewhere acts on a failure.
     */
    public List<PlacementRequest.Repair> decide(Collection<GroupObservation> groups, Instant now, boolean failures) {
        List<GroupObservation> ordered = new ArrayList<>(groups);
        ordered.sort(ORDER);
        List<PlacementRequest.Repair> repairs = new ArrayList<>();
        for (GroupObservation g : ordered) {
            decide(g, now).filter(r -> failures || !actsOnAFailure(r)).ifPresent(repairs::add);
        }
        return repairs;
    }

    /** Whether a repair starts a group elsewhere because its node failed. */
    public static boolean actsOnAFailure(PlacementRequest.Repair repair) {
        return repair instanceof PlacementRequest.Recover r && r.failure() != null;
    }

    /**
     * The repair one group needs at {@code now}, if any. After repairs of the group that did not work, the next waits
     * out the back-off, unless the cluster changed since.
     */
    public Optional<PlacementRequest.Repair> decide(GroupObservation g, Instant now) {
        return needed(g, now).filter(repair -> !backingOff(g, now));
    }

    private Optional<PlacementRequest.Repair> needed(GroupObservation g, Instant now) {
        if (g.claimedBy() != null || g.desired() == DesiredState.UNMANAGED) {
            return Optional.empty();
        }
        String cause = PlacementRequest.Repair.causeId(g.groupId(), g.nextRepair());
        if (g.desired() == DesiredState.OFFLINE) {
            if (g.nodeId() != null && g.reportedThere() && g.nodeLiveness() == Liveness.ALIVE) {
                return Optional.of(new PlacementRequest.Stop(cause, g.groupId(), g.nodeId(), g.epoch(),
                        "desired state OFFLINE and it runs on " + g.nodeId() + ": stop it and release "
                                + g.spec().volumeId()));
            }
            return Optional.empty();
        }
        if (g.nodeId() == null) {
            return Optional.of(new PlacementRequest.Recover(cause, g.groupId(), null, null,
                    "desired state ONLINE and it runs nowhere" + lastFailures(g) + ": place it"));
        }
        if (g.nodeLiveness() == Liveness.FAILED) {
            if (g.nodeFailure() == null) {
                return Optional.empty(); // cannot fence without knowing the failure; the node's NodeFailed plans it
            }
            return Optional.of(new PlacementRequest.Recover(cause, g.groupId(), g.nodeId(), g.nodeFailure(),
                    "last on failed node " + g.nodeId() + lastFailures(g) + ": fence it and place the group elsewhere"));
        }
        if (g.nodeLiveness() != Liveness.ALIVE || g.nodeState() == NodeState.SUSPECT || !g.reportedThere()) {
            return Optional.empty();
        }
        if (g.nodeState() == NodeState.DRAINING || g.nodeState() == NodeState.MAINTENANCE) {
            return Optional.of(new PlacementRequest.Relocate(cause, g.groupId(), g.nodeId(), "node " + g.nodeId()
                    + " is " + g.nodeState() + ": move the group off it", null));
        }
        if (!g.spec().mayRunOn(g.nodeId())) {
            return Optional.of(new PlacementRequest.Relocate(cause, g.groupId(), g.nodeId(), "node " + g.nodeId()
                    + " is not among the group's possible owners " + g.spec().possibleOwners() + ": move it", null));
        }
        return degraded(g, now, cause);
    }

    /** Rule 7: a container of the group is not running on its live node. */
    private Optional<PlacementRequest.Repair> degraded(GroupObservation g, Instant now, String cause) {
        Map<String, ContainerStatus> reported = new HashMap<>();
        g.containers().forEach(c -> reported.put(c.containerId(), c));
        ContainerSpec broken = null;
        String what = null;
        for (ContainerSpec c : g.spec().containers()) {
            ContainerStatus s = reported.get(c.containerId());
            if (s == null) {
                broken = c;
                what = "container " + c.containerId() + " is not reported on " + g.nodeId();
                break;
            }
            if (s.state() == ContainerState.FAILED || s.state() == ContainerState.STOPPED) {
                broken = c;
                what = "container " + c.containerId() + " is " + s.state() + " on " + g.nodeId()
                        + (s.detail() == null || s.detail().isBlank() ? "" : " (" + s.detail() + ")");
                break;
            }
        }
        if (broken == null) {
            return Optional.empty();
        }
        RecoveryPolicy policy = g.spec().recovery();
        String avoided = g.avoided().get(g.nodeId());
        if (avoided != null) {
            return Optional.of(new PlacementRequest.Relocate(cause, g.groupId(), g.nodeId(), what + "; the node is "
                    + avoided + ": move the group", null));
        }
        int restarts = g.restartsThere().size();
        if (restarts < policy.restartThreshold()) {
            return Optional.of(new PlacementRequest.Restart(cause, g.groupId(), g.nodeId(), g.epoch(),
                    broken.containerId(), what + ": restart in place (" + (restarts + 1) + " of "
                            + policy.restartThreshold() + " within " + policy.restartPeriodSeconds() + " s)"));
        }
        String over = what + ": restarted " + restarts + " time(s) there within " + policy.restartPeriodSeconds()
                + " s (threshold " + policy.restartThreshold() + ")";
        PlacementRequest.Restart fallback = null;
        Duration wait = backoff(restarts - policy.restartThreshold() + 1);
        if (g.lastRestartThere() == null || !now.isBefore(g.lastRestartThere().plus(wait))) {
            fallback = new PlacementRequest.Restart(cause, g.groupId(), g.nodeId(), g.epoch(), broken.containerId(),
                    over + "; no other node can take it: restart in place again after a back-off of "
                            + wait.toSeconds() + " s");
        }
        return Optional.of(new PlacementRequest.Relocate(cause, g.groupId(), g.nodeId(), over + ": move the group",
                fallback));
    }

    private boolean backingOff(GroupObservation g, Instant now) {
        RepairHistory.Streak streak = g.streak();
        return streak.failed() > 0 && !g.topologyChanged() && streak.lastEndedAt() != null
                && now.isBefore(streak.lastEndedAt().plus(backoff(streak.failed())));
    }

    private static String lastFailures(GroupObservation g) {
        RepairHistory.Streak streak = g.streak();
        return streak.failed() == 0 ? "" : " (" + streak.failed() + " earlier repair(s) did not bring it online)";
    }

    /** The wait after {@code failed} repairs in a row that did not work: initial, doubled each time, at most max. */
    public Duration backoff(int failed) {
        if (failed <= 0) {
            return Duration.ZERO;
        }
        Duration wait = settings.backoffInitial();
        for (int i = 1; i < failed && wait.compareTo(settings.backoffMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : wait;
    }
}

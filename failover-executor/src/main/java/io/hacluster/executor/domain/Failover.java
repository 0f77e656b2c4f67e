package io.hacluster.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hacluster.events.FailoverEvent.EpochChange;
import io.hacluster.events.FailoverEvent.FencingAttempt;
import io.hacluster.events.FailoverEvent.Timings;
import io.hacluster.events.PlacementDecision.Trigger;

/** One failover in flight: its phase, its fencing, and every group's move. Changed only by {@link FailoverMachine}. */
public final class Failover {

    String failoverId;
    Trigger trigger;
    String sourceNodeId;
    Phase phase;
    List<GroupTask> groups = new ArrayList<>();

    /** Index into the configured fencing methods of the one being tried. */
    int fencingMethodIndex;
    Instant fencingMethodStartedAt;
    /** The self-fence deadline of the source, when the trigger says how to compute it. */
    Instant selfFenceDeadline;
    boolean powerFenceRunning;
    List<FencingAttempt> fencingAttempts = new ArrayList<>();
    List<EpochChange> preemptedEpochs = new ArrayList<>();
    String fencedBy;

    Instant detectedAt;
    Instant plannedAt;
    Instant startedAt;
    Instant fencedAt;
    Instant completedAt;
    String failureReason;

    Failover() {
        // for persistence
    }

    public String failoverId() {
        return failoverId;
    }

    public Trigger trigger() {
        return trigger;
    }

    public String sourceNodeId() {
        return sourceNodeId;
    }

    public Phase phase() {
        return phase;
    }

    public List<GroupTask> groups() {
        return List.copyOf(groups);
    }

    public Optional<GroupTask> group(String groupId) {
        return groups.stream().filter(g -> g.groupId.equals(groupId)).findFirst();
    }

    public List<FencingAttempt> fencingAttempts() {
        return List.copyOf(fencingAttempts);
    }

    public String fencedBy() {
        return fencedBy;
    }

    public String failureReason() {
        return failureReason;
    }

    public Timings timings() {
        return new Timings(detectedAt, plannedAt, startedAt, fencedAt, completedAt);
    }

    String subject() {
        return "failover " + failoverId;
    }
}

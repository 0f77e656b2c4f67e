package io.hacluster.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.hacluster.events.ContainerSpec;

/** One group's move, restart or stop within a failover: what is asked, where, and how far it got. */
public final class GroupTask {

    /** What the plan asks of the group. */
    public enum Kind {
        /** Bring it online on its target: released on a live source first, mounted under a new epoch, started. */
        MOVE,
        /** Restart some of its containers on the node it runs on, under the epoch its volume is mounted with there. */
        RESTART_IN_PLACE,
        /** Stop it where it runs and release its volume there; start it nowhere. */
        RELEASE
    }

    /** Absent in failovers stored before restarts and stops existed: those are moves. */
    Kind kind = Kind.MOVE;
    String groupId;
    String volumeId;
    String fromNodeId;
    String toNodeId;
    int priority;
    List<ContainerSpec> containers = new ArrayList<>();
    Step step = Step.PENDING;
    /** The container the current STOPPING or STARTING step is at. */
    int containerIndex;
    /** For a restart in place: the first container restarted; it and those after it are stopped and started. */
    int restartFromIndex;
    /**
     * The epoch its volume is (to be) mounted under on the target; 0 before one is issued. For a restart in place,
     * the epoch it holds on its node (kept); for a release, the one it holds on the node it is stopped on.
     */
    long epoch;
    /** Whether the source no longer needs an orderly stop (done, failed over, or fenced). */
    boolean sourceReleased;
    PendingCommand pending;
    /** Increases for every new command id of this group, so that a retry after a refusal gets a fresh id. */
    int commandSeq;
    /** Retryable refusals of the current step. */
    int refusals;
    int replans;
    /** Its target is being drained: it is re-planned instead of being mounted there. */
    boolean targetDraining;
    List<String> excludedNodes = new ArrayList<>();
    String reason;
    Instant startedAt;
    Instant startingSince;
    Instant verifyingSince;
    Instant replanRequestedAt;
    Instant onlineAt;

    GroupTask() {
        // for persistence
    }

    GroupTask(String groupId, String volumeId, String fromNodeId, String toNodeId, int priority,
            List<ContainerSpec> containers) {
        this.groupId = groupId;
        this.volumeId = volumeId;
        this.fromNodeId = fromNodeId;
        this.toNodeId = toNodeId;
        this.priority = priority;
        this.containers = new ArrayList<>(containers);
    }

    public Kind kind() {
        return kind;
    }

    public String groupId() {
        return groupId;
    }

    public String volumeId() {
        return volumeId;
    }

    public String fromNodeId() {
        return fromNodeId;
    }

    public String toNodeId() {
        return toNodeId;
    }

    public int priority() {
        return priority;
    }

    public List<ContainerSpec> containers() {
        return List.copyOf(containers);
    }

    public Step step() {
        return step;
    }

    public long epoch() {
        return epoch;
    }

    public PendingCommand pending() {
        return pending;
    }

    public int replans() {
        return replans;
    }

    public List<String> excludedNodes() {
        return List.copyOf(excludedNodes);
    }

    public String reason() {
        return reason;
    }

    public Instant onlineAt() {
        return onlineAt;
    }

    boolean isActive() {
        return step != Step.PENDING && step != Step.REPLANNING && !step.isFinal();
    }

    String subject(String failoverId) {
        return "group " + groupId + " of " + failoverId;
    }
}

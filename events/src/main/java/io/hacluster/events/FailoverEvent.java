package io.hacluster.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The public lifecycle of a failover, on {@link Topics#FAILOVER_EVENTS}, keyed by failover id: what other systems
 * and the inventory learn of it.
 */
public sealed interface FailoverEvent extends EventPayload {

    String failoverId();

    @Override
    default String key() {
        return failoverId();
    }

    @Override
    default String topic() {
        return Topics.FAILOVER_EVENTS;
    }

    /**
     * The executor took a plan in hand.
     *
     * @param trigger what caused it
     * @param sourceNodeId the node the groups leave, or null
     * @param groupIds the groups to bring online
     * @param detectedAt when the cause was detected (node failure) or requested
     * @param plannedAt when placement planned it
     * @param startedAt when the executor started it
     */
    record FailoverStarted(String failoverId, PlacementDecision.Trigger trigger, String sourceNodeId,
            List<String> groupIds, Instant detectedAt, Instant plannedAt, Instant startedAt) implements FailoverEvent {

        public FailoverStarted {
            Objects.requireNonNull(failoverId, "failoverId");
            groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
        }
    }

    /**
     * The source node is fenced: it can no longer run the groups or write to their volumes.
     *
     * @param nodeId the fenced node
     * @param method the method that succeeded
     * @param attempts every method tried, in order, with its evidence
     * @param fencedAt when fencing succeeded
     */
    record NodeFenced(String failoverId, String nodeId, String method, List<FencingAttempt> attempts,
            Instant fencedAt) implements FailoverEvent {

        public NodeFenced {
            Objects.requireNonNull(failoverId, "failoverId");
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
        }
    }

    /**
     * One fencing method tried.
     *
     * @param method storage-preemption, power, or self-fence-deadline
     * @param succeeded whether it worked
     * @param startedAt when it was tried
     * @param finishedAt when it ended
     * @param detail what happened: command and exit code, deadline, ...
     * @param epochs volume epochs before and after, for storage preemption
     */
    record FencingAttempt(String method, boolean succeeded, Instant startedAt, Instant finishedAt, String detail,
            List<EpochChange> epochs) {

        public FencingAttempt {
            epochs = epochs == null ? List.of() : List.copyOf(epochs);
        }
    }

    /** A volume's epoch before and after a takeover. */
    record EpochChange(String volumeId, long before, long after) {
    }

    /** Progress of one group through the steps of a failover: the per-group timeline. */
    record GroupStepChanged(String failoverId, String groupId, String step, String state, String targetNodeId,
            Instant at, String detail) implements FailoverEvent {

        public GroupStepChanged {
            Objects.requireNonNull(failoverId, "failoverId");
            Objects.requireNonNull(groupId, "groupId");
        }
    }

    /**
     * A group is online on its new node.
     *
     * @param epoch the epoch under which its volume is now mounted
     * @param startedAt when its move started
     * @param onlineAt when its containers were verified running
     * @param containerIds its containers
     */
    record GroupRelocated(String failoverId, String groupId, String fromNodeId, String toNodeId, long epoch,
            Instant startedAt, Instant onlineAt, List<String> containerIds) implements FailoverEvent {

        public GroupRelocated {
            Objects.requireNonNull(failoverId, "failoverId");
            Objects.requireNonNull(groupId, "groupId");
            containerIds = containerIds == null ? List.of() : List.copyOf(containerIds);
        }
    }

    /**
     * A group could not be brought online on a node: the node refused or stayed silent, a container failed there, or
     * its status did not show the containers running in time. Placement counts it against the node for the group.
     *
     * @param nodeId the node that failed to run it
     * @param reason what went wrong
     */
    record GroupTargetFailed(String failoverId, String groupId, String nodeId, String reason, Instant at)
            implements
                FailoverEvent {

        public GroupTargetFailed {
            Objects.requireNonNull(failoverId, "failoverId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    /**
     * A group was stopped as asked (desired state OFFLINE): its containers stopped and its volume released on the node.
     *
     * @param nodeId where it ran
     */
    record GroupStopped(String failoverId, String groupId, String nodeId, Instant at) implements FailoverEvent {

        public GroupStopped {
            Objects.requireNonNull(failoverId, "failoverId");
            Objects.requireNonNull(groupId, "groupId");
        }
    }

    /** A group stays offline: no node could take it, or fencing failed. */
    record GroupUnplaceable(String failoverId, String groupId, String fromNodeId, String reason, Instant at)
            implements
                FailoverEvent {

        public GroupUnplaceable {
            Objects.requireNonNull(failoverId, "failoverId");
            Objects.requireNonNull(groupId, "groupId");
        }
    }

    /**
     * The failover ended: every group is online or reported unplaceable.
     *
     * @param relocated how many groups are online on their new node
     * @param unplaceable how many stay offline
     * @param timings the timeline
     */
    record FailoverCompleted(String failoverId, int relocated, int unplaceable, Timings timings)
            implements
                FailoverEvent {

        public FailoverCompleted {
            Objects.requireNonNull(failoverId, "failoverId");
        }
    }

    /**
     * The failover could not be carried out, e.g. fencing failed; its groups stay offline.
     *
     * @param fencingAttempts every fencing method tried, in order, with its evidence, when fencing is what failed;
     *        empty otherwise
     */
    record FailoverFailed(String failoverId, String reason, Timings timings, List<FencingAttempt> fencingAttempts)
            implements
                FailoverEvent {

        public FailoverFailed {
            Objects.requireNonNull(failoverId, "failoverId");
            fencingAttempts = fencingAttempts == null ? List.of() : List.copyOf(fencingAttempts);
        }

        /** A failure that is not about fencing. */
        public FailoverFailed(String failoverId, String reason, Timings timings) {
            this(failoverId, reason, timings, List.of());
        }
    }

    /** The timeline of a failover; null where a step did not happen. */
    record Timings(Instant detectedAt, Instant plannedAt, Instant startedAt, Instant fencedAt, Instant completedAt) {
    }
}

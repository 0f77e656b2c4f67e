package io.hacluster.events;

import java.util.Objects;

/**
 * What the executor asks a node agent to do, on {@link Topics#AGENT_COMMANDS}, keyed by the node id. Every command
 * has an id; an agent carries out a command id once and answers a repeat with the first outcome.
 */
public sealed interface AgentCommand extends EventPayload {

    /** Unique id; the answer on {@link Topics#COMMAND_RESULTS} carries it. */
    String commandId();

    /** The node that is to carry it out. */
    String nodeId();

    /** The failover it belongs to, or null. */
    String failoverId();

    /** The group it concerns. */
    String groupId();

    @Override
    default String key() {
        return nodeId();
    }

    @Override
    default String topic() {
        return Topics.AGENT_COMMANDS;
    }

    /**
     * Storage preemption: record a new, higher epoch on the volume's reservation so that the previous holder can no
     * longer mount it or write to it (the analogue of a SCSI-3 persistent reservation preempt). Sent to the node that
     * is to take the volume over.
     *
     * @param epoch the new epoch; must be higher than the recorded one
     * @param previousOwner the node being fenced off
     */
    record FenceVolume(String commandId, String nodeId, String failoverId, String groupId, String volumeId, long epoch,
            String previousOwner) implements AgentCommand {

        public FenceVolume {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(volumeId, "volumeId");
        }
    }

    /** Mount the volume read-write under this epoch; refused if the volume has seen a higher one. */
    record MountVolume(String commandId, String nodeId, String failoverId, String groupId, String volumeId, long epoch)
            implements
                AgentCommand {

        public MountVolume {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(volumeId, "volumeId");
        }
    }

    /** Start one container on the mounted volume. */
    record StartContainer(String commandId, String nodeId, String failoverId, String groupId, String volumeId,
            long epoch, ContainerSpec container) implements AgentCommand {

        public StartContainer {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(container, "container");
        }
    }

    /** Stop one container: gracefully, then forcibly after the grace period. */
    record StopContainer(String commandId, String nodeId, String failoverId, String groupId, String containerId,
            long graceMs) implements AgentCommand {

        public StopContainer {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(containerId, "containerId");
        }
    }

    /** Release the volume. */
    record UnmountVolume(String commandId, String nodeId, String failoverId, String groupId, String volumeId,
            long epoch) implements AgentCommand {

        public UnmountVolume {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(volumeId, "volumeId");
        }
    }
}

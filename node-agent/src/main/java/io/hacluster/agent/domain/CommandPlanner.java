package io.hacluster.agent.domain;

import java.util.LinkedHashMap;
import java.util.Map;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.ContainerSpec;

/**
 * Decides what a command does, given what the node knows of itself and the volume's lease record. The shell carries
 * out the returned step through its drivers; lease changes are decided again, atomically, by {@link VolumeLeases}
 * inside the storage driver, and {@link #leaseOutcome} turns that decision into the command's outcome.
 */
public final class CommandPlanner {

    private CommandPlanner() {
    }

    /** What the shell does for a command. */
    public sealed interface Step {
    }

    /** Nothing to carry out: answer with this outcome. */
    public record Answer(Outcome outcome) implements Step {
    }

    /** Change the volume's lease (fence, mount or release) under the storage's lock. */
    public record ChangeLease(LeaseAction action, String volumeId, String groupId, long epoch) implements Step {
    }

    /** Start the container on the mounted volume. */
    public record Start(ContainerSpec container, String groupId, String volumeId, long epoch) implements Step {
    }

    /** Stop the container: gracefully, then forcibly after {@code graceMs}. */
    public record Stop(String containerId, long graceMs) implements Step {
    }

    /** The lease changes a command can ask for. */
    public enum LeaseAction {
        /** Storage preemption: record a higher epoch, reserved for this node. */
        FENCE,
        /** Mount read-write under the epoch. */
        MOUNT,
        /** Release the volume, keeping its epoch. */
        RELEASE
    }

    /**
     * The step for {@code command}. An ACTIVE node carries out every command; a FROZEN one only those that start
     * nothing (stop a container, release a volume); any other refuses them all, as retryable.
     *
     * @param command the command, addressed to this node
     * @param node what the node knows of itself
     * @param lease the lease record of the command's volume (null when it has none or was never leased)
     */
    public static Step plan(AgentCommand command, NodeView node, LeaseRecord lease) {
        boolean winding = command instanceof AgentCommand.StopContainer || command instanceof AgentCommand.UnmountVolume;
        if (node.mode() == AgentMode.FROZEN && !winding) {
            return new Answer(Outcome.failure("node " + node.nodeId() + " is FROZEN (cut off from Kafka with most "
                    + "other nodes): it starts nothing new until its heartbeats are acknowledged again", true));
        }
        if (node.mode() != AgentMode.ACTIVE && node.mode() != AgentMode.FROZEN) {
            return new Answer(Outcome.failure("node " + node.nodeId() + " is " + node.mode()
                    + ": it carries out commands once its heartbeats are acknowledged", true));
        }
        if (command instanceof AgentCommand.FenceVolume fence) {
            if (!node.canReach(fence.volumeId())) {
                return unreachable(node, fence.volumeId());
            }
            return new ChangeLease(LeaseAction.FENCE, fence.volumeId(), fence.groupId(), fence.epoch());
        }
        if (command instanceof AgentCommand.MountVolume mount) {
            if (!node.canReach(mount.volumeId())) {
                return unreachable(node, mount.volumeId());
            }
            return new ChangeLease(LeaseAction.MOUNT, mount.volumeId(), mount.groupId(), mount.epoch());
        }
        if (command instanceof AgentCommand.StartContainer start) {
            return planStart(start, node, lease);
        }
        if (command instanceof AgentCommand.StopContainer stop) {
            var container = node.container(stop.containerId());
            if (container.isEmpty() || !container.get().isLive()) {
                Map<String, String> evidence = new LinkedHashMap<>();
                evidence.put("wasRunning", "false");
                evidence.put("state", container.map(c -> c.state().name()).orElse("UNKNOWN"));
                return new Answer(Outcome.success(evidence));
            }
            return new Stop(stop.containerId(), Math.max(0, stop.graceMs()));
        }
        if (command instanceof AgentCommand.UnmountVolume unmount) {
            var busy = node.liveContainersOn(unmount.volumeId());
            if (!busy.isEmpty()) {
                return new Answer(Outcome.failure("volume " + unmount.volumeId() + " is busy: containers " + busy
                        + " still run on it; stop them first", true));
            }
            return new ChangeLease(LeaseAction.RELEASE, unmount.volumeId(), unmount.groupId(), unmount.epoch());
        }
        return new Answer(Outcome.failure("unknown command " + command.getClass().getSimpleName(), false));
    }

    private static Step planStart(AgentCommand.StartContainer start, NodeView node, LeaseRecord lease) {
        String id = start.container().containerId();
        var existing = node.container(id);
        if (existing.isPresent() && existing.get().isLive()) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("alreadyRunning", "true");
            evidence.put("epoch", Long.toString(existing.get().epoch()));
            evidence.put("detail", existing.get().detail() == null ? "" : existing.get().detail());
            return new Answer(Outcome.success(evidence));
        }
        LocalMount mount = start.volumeId() == null ? null : node.mounts().get(start.volumeId());
        boolean mountedHere = mount != null && mount.epoch() == start.epoch();
        boolean leaseAgrees = lease != null && lease.mountedBy(node.nodeId(), start.epoch());
        if (!mountedHere || !leaseAgrees) {
            return new Answer(Outcome.failure("container " + id + " needs volume " + start.volumeId()
                    + " mounted here at epoch " + start.epoch() + "; local mount: "
                    + (mount == null ? "none" : "epoch " + mount.epoch()) + ", lease: " + lease, false));
        }
        return new Start(start.container(), start.groupId(), start.volumeId(), start.epoch());
    }

    /** The outcome of a command whose lease change the storage driver decided. */
    public static Outcome leaseOutcome(ChangeLease step, LeaseDecision decision) {
        if (decision instanceof LeaseDecision.Refused refused) {
            return Outcome.failure(refused.reason(), refused.retryable());
        }
        LeaseDecision.Granted granted = (LeaseDecision.Granted) decision;
        Map<String, String> evidence = new LinkedHashMap<>(granted.evidence());
        if (step.action() == LeaseAction.RELEASE) {
            evidence.put("released", Boolean.toString(granted.changesOwnership()));
        }
        return Outcome.success(evidence);
    }

    private static Answer unreachable(NodeView node, String volumeId) {
        return new Answer(Outcome.failure("node " + node.nodeId() + " cannot reach volume " + volumeId
                + " (reachable: " + node.reachableVolumes() + ")", false));
    }
}

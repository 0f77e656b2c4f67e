package io.hacluster.inventory.domain;

import java.time.Duration;

import io.hacluster.events.NodeStatus;

/**
 * The node state machine: one transition function from a node's condition and a signal to its next condition. The
 * table is in {@code docs/services/inventory-service.md}.
 */
public final class NodeLifecycle {

    private NodeLifecycle() {
    }

    public static NodeTransition next(NodeCondition current, NodeSignal signal) {
        if (signal instanceof NodeSignal.Suspected s) {
            return new NodeTransition(current, current.withLiveness(Liveness.SUSPECT), "monitor suspects it: " + s.reason());
        }
        if (signal instanceof NodeSignal.Failed f) {
            return failed(current, f);
        }
        if (signal instanceof NodeSignal.Isolated i) {
            return isolated(current, i);
        }
        if (signal instanceof NodeSignal.AgentMode m) {
            return agentMode(current, m.mode());
        }
        if (signal instanceof NodeSignal.Silent s) {
            return silent(current, s);
        }
        if (signal instanceof NodeSignal.Heard) {
            return new NodeTransition(current, current.withReports(Reports.HEARD),
                    "its statuses reach the inventory again");
        }
        // heartbeats arrive again: an agent that froze serves again
        if (signal instanceof NodeSignal.Recovered r) {
            return new NodeTransition(current, current.withLiveness(Liveness.ALIVE).withAgentMode(unfrozen(current)),
                    "heard again after " + r.previousState());
        }
        if (signal instanceof NodeSignal.Rejoined r) {
            return new NodeTransition(current, current.withLiveness(Liveness.ALIVE).withAgentMode(unfrozen(current)),
                    "rejoined with new incarnation " + r.incarnation());
        }
        if (signal instanceof NodeSignal.DrainRequested d) {
            String who = "drain requested by " + d.requestedBy() + " (" + d.requestId() + ")";
            return d.hostsNothing()
                    ? new NodeTransition(current, current.withMaintenance(Maintenance.MAINTENANCE, d.requestId()),
                            who + "; it hosts no group")
                    : new NodeTransition(current, current.withMaintenance(Maintenance.DRAINING, d.requestId()), who);
        }
        if (signal instanceof NodeSignal.DrainCompleted d) {
            return drainCompleted(current, d);
        }
        NodeSignal.ResumeRequested r = (NodeSignal.ResumeRequested) signal;
        return new NodeTransition(current, current.withMaintenance(Maintenance.NONE, null),
                "resume requested by " + r.requestedBy() + " (" + r.requestId() + ")");
    }

    /** Why a frozen agent keeps what it runs, for the operator. */
    static final String FROZEN = "its agent froze: cut off from Kafka while most other nodes are too (the control plane "
            + "is down, not this node); it keeps its containers and volumes and takes no new work";

    private static NodeTransition isolated(NodeCondition current, NodeSignal.Isolated i) {
        NodeStatus.Mode witness = mode(i.witnessMode());
        NodeCondition after = current.withLiveness(Liveness.ISOLATED);
        if (witness != null) {
            after = after.withAgentMode(witness); // the slot is newer than the last status that reached Kafka
        }
        String why = "monitor judged it isolated (silent on Kafka, alive on the storage witness): " + i.reason();
        return new NodeTransition(current, after, after.agentMode() == NodeStatus.Mode.FROZEN
                ? why + "; " + FROZEN + " (its witness slot says FROZEN)"
                : why + "; its groups stay where they are until it is fenced or its self-fence deadline passes");
    }

    private static NodeTransition agentMode(NodeCondition current, NodeStatus.Mode mode) {
        NodeCondition after = current.withAgentMode(mode);
        String why = switch (mode) {
            case FROZEN -> FROZEN + " (its status says FROZEN)";
            case SELF_FENCED -> "its agent reports it fenced itself";
            case ACTIVE -> "its agent serves again";
        };
        return new NodeTransition(current, after, why);
    }

    private static NodeTransition silent(NodeCondition current, NodeSignal.Silent s) {
        String silence = "no status of it has reached the inventory for " + seconds(s.silentFor()) + " (unheard after "
                + seconds(s.unheardAfter()) + ")";
        NodeSignal.Witness w = s.witness();
        if (w == null) {
            String last = current.agentMode() == NodeStatus.Mode.FROZEN
                    ? "; its last word was that it froze, but it may have lost its power since"
                    : "";
            return new NodeTransition(current, current.withReports(Reports.UNHEARD), silence
                    + " and no fresh witness slot shows it: what it does now cannot be known here; its last reports "
                    + "are shown with their age" + last);
        }
        NodeCondition after = current.withReports(Reports.WITNESSED).withAgentMode(w.mode());
        String slot = "its witness slot is fresh (changed " + seconds(w.unchangedFor()) + " ago) and says " + w.mode()
                + ", holding " + (w.heldVolumes().isEmpty() ? "no volume" : String.join(", ", w.heldVolumes()));
        return new NodeTransition(current, after, w.mode() == NodeStatus.Mode.FROZEN
                ? silence + "; " + slot + ": " + FROZEN
                : silence + "; " + slot);
    }

    /** A duration for the operator: seconds with one decimal. */
    static String seconds(Duration d) {
        long tenths = Math.max(0, d.toMillis()) / 100;
        return tenths / 10 + "." + tenths % 10 + " s";
    }

    private static NodeStatus.Mode unfrozen(NodeCondition current) {
        return current.agentMode() == NodeStatus.Mode.FROZEN ? NodeStatus.Mode.ACTIVE : current.agentMode();
    }

    /** A witness slot's mode, or null when it names none this version knows. */
    private static NodeStatus.Mode mode(String name) {
        if (name == null) {
            return null;
        }
        for (NodeStatus.Mode m : NodeStatus.Mode.values()) {
            if (m.name().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        return null;
    }

    private static NodeTransition failed(NodeCondition current, NodeSignal.Failed f) {
        NodeCondition after = current.withLiveness(Liveness.FAILED);
        if (current.maintenance() == Maintenance.DRAINING) {
            // its groups now leave by failover; when it is heard again it is empty, as a drain would have left it
            after = after.withMaintenance(Maintenance.MAINTENANCE, current.drainRequestId());
        }
        return new NodeTransition(current, after, "monitor declared it failed: " + f.reason());
    }

    private static NodeTransition drainCompleted(NodeCondition current, NodeSignal.DrainCompleted d) {
        boolean sameDrain = current.drainRequestId() == null || d.requestId() == null
                || current.drainRequestId().equals(d.requestId());
        if (current.maintenance() != Maintenance.DRAINING || !sameDrain) {
            return new NodeTransition(current, current, "drain failover " + d.failoverId() + " is not the current drain");
        }
        return new NodeTransition(current, current.withMaintenance(Maintenance.MAINTENANCE, current.drainRequestId()),
                "drain failover " + d.failoverId() + " completed");
    }
}

package io.hacluster.inventory.domain;

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
        if (signal instanceof NodeSignal.Recovered r) {
            return new NodeTransition(current, current.withLiveness(Liveness.ALIVE),
                    "heard again after " + r.previousState());
        }
        if (signal instanceof NodeSignal.Rejoined r) {
            return new NodeTransition(current, current.withLiveness(Liveness.ALIVE),
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

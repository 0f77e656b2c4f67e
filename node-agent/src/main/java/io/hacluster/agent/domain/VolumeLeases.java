package io.hacluster.agent.domain;

import java.time.Instant;

/**
 * The fencing-token rules of a volume's lease, the same for every storage driver (the drivers only make them atomic).
 * Epochs never go down: a request with an epoch lower than the recorded one is refused, a higher one takes the
 * volume over (preemption).
 */
public final class VolumeLeases {

    private VolumeLeases() {
    }

    /**
     * Storage preemption for {@code nodeId}: allowed only with an epoch higher than the recorded one; records
     * {owner: nodeId, epoch, RESERVED}. The same fence repeated (same owner, same epoch, still reserved) is granted
     * without change.
     */
    public static LeaseDecision fence(String volumeId, LeaseRecord current, String nodeId, long epoch, Instant now) {
        if (current != null && current.epoch() == epoch && nodeId.equals(current.owner())
                && current.state() == LeaseState.RESERVED) {
            return new LeaseDecision.Granted("fence", current, current);
        }
        if (current != null && epoch <= current.epoch()) {
            return new LeaseDecision.Refused("volume " + volumeId + " has epoch " + current.epoch() + " (owner "
                    + current.owner() + ", " + current.state() + "); fencing needs a higher epoch than " + epoch, false);
        }
        return new LeaseDecision.Granted("fence", current,
                new LeaseRecord(volumeId, nodeId, epoch, LeaseState.RESERVED, now));
    }

    /**
     * Mount read-write for {@code nodeId}: allowed with an epoch higher than the recorded one (this preempts), or
     * equal to it when the recorded owner is this node; records {owner: nodeId, epoch, MOUNTED}.
     */
    public static LeaseDecision mount(String volumeId, LeaseRecord current, String nodeId, long epoch, Instant now) {
        if (epoch < 1) {
            return new LeaseDecision.Refused("epoch must be at least 1, was " + epoch, false);
        }
        if (current == null || epoch > current.epoch()) {
            return new LeaseDecision.Granted("mount", current,
                    new LeaseRecord(volumeId, nodeId, epoch, LeaseState.MOUNTED, now));
        }
        if (epoch == current.epoch() && nodeId.equals(current.owner())) {
            return new LeaseDecision.Granted("mount", current,
                    new LeaseRecord(volumeId, nodeId, epoch, LeaseState.MOUNTED, now));
        }
        if (epoch == current.epoch()) {
            return new LeaseDecision.Refused("volume " + volumeId + " epoch " + epoch + " belongs to "
                    + current.owner() + "; a mount by " + nodeId + " needs a higher epoch", false);
        }
        return new LeaseDecision.Refused("volume " + volumeId + " has epoch " + current.epoch() + ", command has "
                + epoch + ": stale epoch", false);
    }

    /**
     * Release by {@code nodeId}: only a lease this node holds at {@code epoch} (any epoch it holds when
     * {@code epoch < 1}) is released; the epoch is kept. Anything else is granted without change: the node holds
     * nothing to release.
     */
    public static LeaseDecision release(String volumeId, LeaseRecord current, String nodeId, long epoch,
            Instant now) {
        boolean holds = current != null && current.state() != LeaseState.RELEASED && nodeId.equals(current.owner())
                && (epoch < 1 || current.epoch() == epoch);
        if (!holds) {
            return new LeaseDecision.Granted("release", current, current);
        }
        return new LeaseDecision.Granted("release", current,
                new LeaseRecord(volumeId, nodeId, current.epoch(), LeaseState.RELEASED, now));
    }

    /**
     * Renewal by the owner: refreshes the renewal time of a lease this node still holds at {@code epoch}; refused,
     * not retryable, when the lease names another node or another epoch (the node has been fenced off).
     */
    public static LeaseDecision renew(String volumeId, LeaseRecord current, String nodeId, long epoch, Instant now) {
        if (current == null || !current.heldBy(nodeId, epoch)) {
            return new LeaseDecision.Refused("volume " + volumeId + " is no longer held by " + nodeId + " at epoch "
                    + epoch + ": lease is " + current, false);
        }
        return new LeaseDecision.Granted("renew", current,
                new LeaseRecord(volumeId, nodeId, epoch, current.state(), now));
    }
}

package io.hacluster.agent.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds what a node runs without owning it any more: mounts whose lease no longer names this node at the epoch it
 * mounted under (another node took the volume over with a higher epoch), and the containers on them. Used when the
 * node learns it was declared failed, and on every lease renewal. Also mounts whose lease the node could not renew
 * for the lease timeout (the storage cannot be reached): it cannot hold a lease it cannot renew.
 */
public final class StaleMounts {

    private StaleMounts() {
    }

    /**
     * What to give up.
     *
     * @param mounts the stale mounts, to drop locally (the lease is someone else's now: it is not touched)
     * @param containers the live containers on those volumes, to stop
     */
    public record Plan(List<LocalMount> mounts, List<String> containers) {

        public boolean isEmpty() {
            return mounts.isEmpty() && containers.isEmpty();
        }
    }

    /**
     * @param nodeId this node
     * @param node what it has mounted and runs
     * @param leases the current lease record of each mounted volume (a missing entry: the volume has no lease)
     */
    public static Plan find(String nodeId, NodeView node, Map<String, LeaseRecord> leases) {
        List<LocalMount> stale = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        Collection<LocalMount> mounts = node.mounts().values();
        for (LocalMount mount : mounts.stream().sorted((a, b) -> a.volumeId().compareTo(b.volumeId())).toList()) {
            LeaseRecord lease = leases.get(mount.volumeId());
            if (lease == null || !lease.heldBy(nodeId, mount.epoch())) {
                stale.add(mount);
                containers.addAll(node.liveContainersOn(mount.volumeId()));
            }
        }
        return new Plan(List.copyOf(stale), List.copyOf(containers));
    }

    /**
     * The mounts whose lease has not been renewed for {@code timeout} (every renewal failed: the storage could not be
     * reached), and the live containers on them.
     *
     * @param node what the node has mounted and runs
     * @param renewedAt when the lease of each mount was last mounted or renewed, on the agent's monotonic clock; a
     *        mount missing here is not judged
     * @param timeout how long a lease may go without renewal
     * @param now the time on the same clock
     */
    public static Plan unrenewed(NodeView node, Map<String, MonotonicTime> renewedAt, Duration timeout,
            MonotonicTime now) {
        List<LocalMount> stale = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        for (LocalMount mount : node.mounts().values().stream()
                .sorted((a, b) -> a.volumeId().compareTo(b.volumeId())).toList()) {
            MonotonicTime renewed = renewedAt.get(mount.volumeId());
            if (renewed != null && !now.isBefore(renewed.plus(timeout))) {
                stale.add(mount);
                containers.addAll(node.liveContainersOn(mount.volumeId()));
            }
        }
        return new Plan(List.copyOf(stale), List.copyOf(containers));
    }
}

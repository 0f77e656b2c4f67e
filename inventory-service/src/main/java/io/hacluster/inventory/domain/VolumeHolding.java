package io.hacluster.inventory.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which of the nodes that report a volume mounted really hold it. A node's report of a mount says what it had when it
 * sent it; fencing takes the volume from it without its word: the executor reports the fence (with the epoch it
 * issued), and a higher epoch on the same volume anywhere means the storage refuses the lower one. Such a mount is
 * shown FENCED, never as a second holder. The table is in {@code docs/services/inventory-service.md}.
 */
public final class VolumeHolding {

    private VolumeHolding() {
    }

    /** Whether the node holds the volume. */
    public enum State {
        /** Reported mounted under the volume's newest epoch, and not fenced since. */
        MOUNTED,
        /** Reported mounted, but fenced since: by the executor, or by a higher epoch issued to another node. */
        FENCED
    }

    /**
     * A fence the executor reported against a node's mount.
     *
     * @param at when the executor fenced it
     * @param epoch the epoch it issued to the volume, or null for a method that fences the whole node (power)
     * @param failoverId the failover that fenced it
     * @param method the fencing method that worked
     */
    public record Fence(Instant at, Long epoch, String failoverId, String method) {

        public Fence {
            Objects.requireNonNull(at, "at");
        }

        /**
         * Whether a newer report of the mount by its node ends this fence: one under the fence's epoch or a higher
         * one (the node mounted it again); for a whole-node fence, any report sent after it (the node is back).
         */
        public boolean endedBy(long reportedEpoch, Instant reportedAt) {
            return epoch != null ? reportedEpoch >= epoch : reportedAt.isAfter(at);
        }

        String describe() {
            return "fenced by failover " + failoverId + " (" + method + (epoch == null ? "" : ", epoch " + epoch)
                    + ") at " + at;
        }
    }

    /**
     * One node's report of the volume mounted.
     *
     * @param fence the fence the executor reported against it since, or null
     */
    public record Mount(String nodeId, long epoch, Instant reportedAt, Fence fence) {

        public Mount {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(reportedAt, "reportedAt");
        }
    }

    /**
     * What a mount amounts to.
     *
     * @param fencedByEpoch the epoch that fenced it, or null (mounted, or fenced with the whole node)
     * @param fencedAt when it was fenced, or null (mounted, or superseded by another node's report)
     * @param why for a fenced mount, what fenced it; null for a mounted one
     */
    public record Holding(String nodeId, long epoch, Instant reportedAt, State state, Long fencedByEpoch,
            Instant fencedAt, String why) {

        public boolean mounted() {
            return state == State.MOUNTED;
        }
    }

    /** Judges every mount of one volume; the answer keeps the order of {@code mounts}. */
    public static List<Holding> judge(List<Mount> mounts) {
        long newest = Long.MIN_VALUE;
        String newestOn = null;
        for (Mount m : mounts) {
            if (m.epoch() > newest) {
                newest = m.epoch();
                newestOn = m.nodeId();
            }
        }
        List<Holding> out = new ArrayList<>(mounts.size());
        for (Mount m : mounts) {
            if (m.fence() != null) {
                out.add(new Holding(m.nodeId(), m.epoch(), m.reportedAt(), State.FENCED, m.fence().epoch(),
                        m.fence().at(), m.fence().describe()));
            } else if (m.epoch() < newest) {
                out.add(new Holding(m.nodeId(), m.epoch(), m.reportedAt(), State.FENCED, newest, null,
                        "superseded: epoch " + newest + " was issued to " + newestOn + " since"));
            } else {
                out.add(new Holding(m.nodeId(), m.epoch(), m.reportedAt(), State.MOUNTED, null, null, null));
            }
        }
        return out;
    }
}

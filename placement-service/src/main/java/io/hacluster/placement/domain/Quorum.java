package io.hacluster.placement.domain;

import java.util.Collection;

/**
 * Whether placement sees enough of the cluster to act on failures: more than half of the nodes it knows are alive in
 * the monitor's last word. Without it, the silence of many nodes says more about the control plane (a partition
 * between it and the nodes, a broker that lost them) than about the nodes, and failing them over would start their
 * groups twice; so node failures wait (no-quorum policy {@code freeze}, as Pacemaker's), and everything else goes on.
 *
 * @param alive nodes the monitor last said are alive
 * @param known every node placement knows
 */
public record Quorum(int alive, int known) {

    /** The quorum of these nodes. */
    public static Quorum of(Collection<NodeCondition> nodes) {
        int alive = 0;
        for (NodeCondition n : nodes) {
            if (n.liveness() == Liveness.ALIVE) {
                alive++;
            }
        }
        return new Quorum(alive, nodes.size());
    }

    /** Whether more than half of the known nodes are alive (an empty cluster has quorum: nothing to fail). */
    public boolean held() {
        return known == 0 || alive * 2 > known;
    }

    @Override
    public String toString() {
        return alive + " of " + known + " nodes alive: " + (held() ? "quorum" : "no quorum");
    }
}

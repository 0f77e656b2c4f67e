package io.hacluster.placement.domain;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What placement knows of the cluster at one moment: the input of the engine. Nodes and groups are kept in id order
 * and reservations in (group, failover) order, so that the order in which they were gathered never shows in a plan.
 *
 * @param nodes nodes by id
 * @param groups groups of the registry by id
 * @param reservations capacity held by published plans not yet carried out
 */
public record ClusterSnapshot(Map<String, NodeView> nodes, Map<String, GroupView> groups,
        List<Reservation> reservations) {

    private static final Comparator<Reservation> RESERVATION_ORDER = Comparator.comparing(Reservation::groupId)
            .thenComparing(Reservation::failoverId).thenComparing(Reservation::nodeId);

    public ClusterSnapshot {
        nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
        groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        reservations = reservations.stream().sorted(RESERVATION_ORDER).toList();
    }

    public static ClusterSnapshot of(Collection<NodeView> nodes, Collection<GroupView> groups,
            Collection<Reservation> reservations) {
        Map<String, NodeView> byNode = new TreeMap<>();
        nodes.forEach(n -> byNode.put(n.nodeId(), n));
        Map<String, GroupView> byGroup = new TreeMap<>();
        groups.forEach(g -> byGroup.put(g.groupId(), g));
        return new ClusterSnapshot(byNode, byGroup, List.copyOf(reservations));
    }

    /** The open reservation of a group, or null. */
    public Reservation reservationOf(String groupId) {
        for (Reservation r : reservations) {
            if (r.groupId().equals(groupId)) {
                return r;
            }
        }
        return null;
    }
}

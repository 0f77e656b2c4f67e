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
 * @param claims the failover handling each group that one handles (with or without capacity held), by group id
 */
public record ClusterSnapshot(Map<String, NodeView> nodes, Map<String, GroupView> groups,
        List<Reservation> reservations, Map<String, String> claims) {

    private static final Comparator<Reservation> RESERVATION_ORDER = Comparator.comparing(Reservation::groupId)
            .thenComparing(Reservation::failoverId).thenComparing(Reservation::nodeId);

    public ClusterSnapshot {
        nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
        groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        reservations = reservations.stream().sorted(RESERVATION_ORDER).toList();
        TreeMap<String, String> claimed = claims == null ? new TreeMap<>() : new TreeMap<>(claims);
        reservations.forEach(r -> claimed.putIfAbsent(r.groupId(), r.failoverId()));
        claims = Collections.unmodifiableSortedMap(claimed);
    }

    /** A snapshot whose only claims are those of its reservations. */
    public static ClusterSnapshot of(Collection<NodeView> nodes, Collection<GroupView> groups,
            Collection<Reservation> reservations) {
        return of(nodes, groups, reservations, Map.of());
    }

    public static ClusterSnapshot of(Collection<NodeView> nodes, Collection<GroupView> groups,
            Collection<Reservation> reservations, Map<String, String> claims) {
        Map<String, NodeView> byNode = new TreeMap<>();
        nodes.forEach(n -> byNode.put(n.nodeId(), n));
        Map<String, GroupView> byGroup = new TreeMap<>();
        groups.forEach(g -> byGroup.put(g.groupId(), g));
        return new ClusterSnapshot(byNode, byGroup, List.copyOf(reservations), claims);
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

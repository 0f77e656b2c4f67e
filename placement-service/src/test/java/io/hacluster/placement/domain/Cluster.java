package io.hacluster.placement.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.DesiredState;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.Resources;

/** A small language for cluster snapshots in tests. Nodes reach every group's volume unless told otherwise. */
final class Cluster {

    static final long DEFAULT_CPU = 4000;
    static final long DEFAULT_MEMORY = 8192;

    static final class Node {

        final String id;
        NodeState state = NodeState.ACTIVE;
        boolean statusKnown = true;
        boolean selfFenced;
        Resources capacity = new Resources(DEFAULT_CPU, DEFAULT_MEMORY);
        Resources usage = Resources.NONE;
        Set<String> reaches;

        Node(String id) {
            this.id = id;
        }

        Node state(NodeState s) {
            state = s;
            return this;
        }

        Node capacity(long cpu, long memory) {
            capacity = new Resources(cpu, memory);
            return this;
        }

        Node usage(long cpu, long memory) {
            usage = new Resources(cpu, memory);
            return this;
        }

        Node reaches(String... volumes) {
            reaches = new LinkedHashSet<>(List.of(volumes));
            return this;
        }

        Node silent() {
            statusKnown = false;
            return this;
        }

        Node selfFenced() {
            selfFenced = true;
            return this;
        }
    }

    static final class Group {

        final String id;
        String volume;
        String on;
        int priority;
        List<ContainerSpec> containers = new ArrayList<>();
        List<String> preferred = List.of();
        List<String> possible = List.of();
        String antiAffinity;
        FailbackPolicy failback = FailbackPolicy.NEVER;
        DesiredState desired = DesiredState.ONLINE;
        Map<String, String> avoided = new LinkedHashMap<>();

        Group(String id) {
            this.id = id;
            this.volume = "vol-" + id;
        }

        Group on(String nodeId) {
            on = nodeId;
            return this;
        }

        Group priority(int p) {
            priority = p;
            return this;
        }

        /** One container with this demand. */
        Group needs(long cpu, long memory) {
            containers.add(new ContainerSpec(id + "-c" + containers.size(), cpu, memory, List.of()));
            return this;
        }

        Group preferred(String... nodes) {
            preferred = List.of(nodes);
            return this;
        }

        Group possible(String... nodes) {
            possible = List.of(nodes);
            return this;
        }

        Group antiAffinity(String cls) {
            antiAffinity = cls;
            return this;
        }

        Group desired(DesiredState state) {
            desired = state;
            return this;
        }

        /** The group kept failing on this node and avoids it. */
        Group avoids(String nodeId) {
            avoided.put(nodeId, "avoided: failed 2 time(s) here");
            return this;
        }

        Group failback(long delaySeconds) {
            failback = new FailbackPolicy(FailbackPolicy.Mode.PREFERRED_OWNER, delaySeconds);
            return this;
        }

        GroupSpec spec() {
            List<ContainerSpec> cs = containers.isEmpty()
                    ? List.of(new ContainerSpec(id + "-c0", 500, 512, List.of()))
                    : containers;
            return new GroupSpec(id, volume, cs, priority, preferred, possible, antiAffinity, failback);
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<Reservation> reservations = new ArrayList<>();

    Cluster node(String id) {
        return node(id, n -> {
        });
    }

    Cluster node(String id, Consumer<Node> how) {
        Node n = nodes.computeIfAbsent(id, Node::new);
        how.accept(n);
        return this;
    }

    Cluster nodes(String... ids) {
        for (String id : ids) {
            node(id);
        }
        return this;
    }

    Cluster group(String id, Consumer<Group> how) {
        Group g = groups.computeIfAbsent(id, Group::new);
        how.accept(g);
        return this;
    }

    Cluster reservation(String failoverId, String groupId, String nodeId, long cpu, long memory) {
        reservations.add(new Reservation(failoverId, null, groupId, nodeId, new Resources(cpu, memory)));
        return this;
    }

    GroupSpec spec(String groupId) {
        return groups.get(groupId).spec();
    }

    ClusterSnapshot snapshot() {
        Set<String> allVolumes = new LinkedHashSet<>();
        groups.values().forEach(g -> allVolumes.add(g.volume));
        List<NodeView> views = new ArrayList<>();
        for (Node n : nodes.values()) {
            views.add(new NodeView(n.id, n.state, n.statusKnown, n.selfFenced, n.capacity, n.usage,
                    n.reaches == null ? allVolumes : n.reaches));
        }
        List<GroupView> gv = new ArrayList<>();
        groups.values().forEach(g -> gv.add(new GroupView(g.spec(), g.on, g.desired, g.avoided)));
        return ClusterSnapshot.of(views, gv, reservations);
    }
}

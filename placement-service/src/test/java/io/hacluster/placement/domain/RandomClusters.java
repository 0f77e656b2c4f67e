package io.hacluster.placement.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.Resources;

/**
 * Generates cluster snapshots and requests: a dozen nodes or fewer in every state, some silent or self-fenced, with
 * uneven capacity, usage and volume reach; up to thirty groups with shared priorities, preferred and possible owners
 * (sometimes naming unknown nodes), anti-affinity classes, some running nowhere and some already on their way
 * elsewhere; and one request of every kind. Small enough that capacity often runs out.
 */
final class RandomClusters {

    /** One generated case. */
    record Case(ClusterSnapshot snapshot, PlacementRequest request) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("request=").append(request);
            for (NodeView n : snapshot.nodes().values()) {
                s.append("\n  node ").append(n.nodeId()).append(' ').append(n.state())
                        .append(n.statusKnown() ? "" : " silent").append(n.selfFenced() ? " self-fenced" : "")
                        .append(" capacity=").append(n.capacity().cpuMillis()).append('/').append(n.capacity().memoryMb())
                        .append(" usage=").append(n.usage().cpuMillis()).append('/').append(n.usage().memoryMb())
                        .append(" reaches=").append(new java.util.TreeSet<>(n.reachableVolumes()));
            }
            for (GroupView g : snapshot.groups().values()) {
                GroupSpec spec = g.spec();
                s.append("\n  group ").append(spec.groupId()).append(" priority=").append(spec.priority())
                        .append(" demand=").append(spec.demand().cpuMillis()).append('/')
                        .append(spec.demand().memoryMb()).append(" on=").append(g.nodeId())
                        .append(" preferred=").append(spec.preferredOwners()).append(" possible=")
                        .append(spec.possibleOwners()).append(" class=").append(spec.antiAffinityClass());
            }
            snapshot.reservations().forEach(r -> s.append("\n  reservation ").append(r));
            return s.toString();
        }
    }

    private static final NodeState[] STATES = NodeState.values();
    private static final String[] CLASSES = {"db", "web", "cache"};

    private RandomClusters() {
    }

    static Case generate(Random random) {
        int nodeCount = 1 + random.nextInt(12);
        List<String> nodeIds = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodeIds.add(String.format("n%02d", i));
        }
        int groupCount = random.nextInt(31);
        List<GroupSpec> specs = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            specs.add(group(random, String.format("g%02d", i), nodeIds));
        }
        List<NodeView> nodes = new ArrayList<>();
        for (String id : nodeIds) {
            nodes.add(node(random, id, specs));
        }
        List<GroupView> groups = new ArrayList<>();
        for (GroupSpec spec : specs) {
            String on = random.nextInt(5) == 0 ? null : pick(random, nodeIds);
            groups.add(new GroupView(spec, on));
        }
        List<Reservation> reservations = new ArrayList<>();
        for (GroupSpec spec : specs) {
            if (random.nextInt(8) == 0) {
                reservations.add(new Reservation("fo-" + random.nextInt(3), null, spec.groupId(),
                        pick(random, nodeIds), spec.demand()));
            }
        }
        ClusterSnapshot snapshot = ClusterSnapshot.of(nodes, groups, reservations);
        PlacementRequest request = request(random, snapshot, nodeIds, specs);
        if (request instanceof PlacementRequest.NodeDrain drain && random.nextInt(4) != 0) {
            nodes.replaceAll(n -> n.nodeId().equals(drain.nodeId()) ? n.withState(NodeState.DRAINING) : n);
            snapshot = ClusterSnapshot.of(nodes, groups, reservations);
        }
        return new Case(snapshot, request);
    }

    private static GroupSpec group(Random random, String id, List<String> nodeIds) {
        List<ContainerSpec> containers = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int c = 0; c < n; c++) {
            containers.add(new ContainerSpec(id + "-" + c, 100L * (1 + random.nextInt(10)),
                    128L * (1 + random.nextInt(16)), List.of()));
        }
        List<String> preferred = random.nextInt(3) == 0 ? List.of() : someOf(random, nodeIds, 3, true);
        List<String> possible = random.nextInt(3) != 0 ? List.of() : someOf(random, nodeIds, nodeIds.size(), false);
        String cls = random.nextInt(5) < 2 ? CLASSES[random.nextInt(CLASSES.length)] : null;
        FailbackPolicy failback = random.nextBoolean()
                ? FailbackPolicy.NEVER
                : new FailbackPolicy(FailbackPolicy.Mode.PREFERRED_OWNER, 30);
        return new GroupSpec(id, "vol-" + id, containers, random.nextInt(5), preferred, possible, cls, failback);
    }

    private static NodeView node(Random random, String id, List<GroupSpec> specs) {
        NodeState state = random.nextInt(10) < 7 ? NodeState.ACTIVE : STATES[random.nextInt(STATES.length)];
        Resources capacity = new Resources(4000L * (1 + random.nextInt(4)), 8192L * (1 + random.nextInt(4)));
        // usage in quarters of capacity, so that nodes often tie and the tie-break shows
        Resources usage = new Resources(capacity.cpuMillis() * random.nextInt(3) / 4,
                capacity.memoryMb() * random.nextInt(3) / 4);
        Set<String> reaches = new HashSet<>();
        for (GroupSpec g : specs) {
            if (random.nextInt(7) != 0) {
                reaches.add(g.volumeId());
            }
        }
        return new NodeView(id, state, random.nextInt(20) != 0, random.nextInt(20) == 0, capacity, usage, reaches);
    }

    private static PlacementRequest request(Random random, ClusterSnapshot snapshot, List<String> nodeIds,
            List<GroupSpec> specs) {
        String cause = "evt-" + random.nextInt(1_000_000);
        List<String> hosts = snapshot.groups().values().stream().map(GroupView::nodeId)
                .filter(java.util.Objects::nonNull).toList();
        String node = hosts.isEmpty() || random.nextInt(5) == 0 ? pick(random, nodeIds) : pick(random, hosts);
        String group = specs.isEmpty() ? "g-none" : pick(random, specs).groupId();
        if (random.nextInt(10) == 0) {
            group = "g-unknown";
        }
        int kind = random.nextInt(9);
        if (kind < 3) {
            return new PlacementRequest.NodeFailed(cause, node,
                    new NodeFailure("inc", Instant.EPOCH, Instant.EPOCH.plusSeconds(3), 2000, "silent"));
        }
        if (kind < 5) {
            return new PlacementRequest.NodeDrain(cause, "req", node);
        }
        if (kind == 5) {
            return new PlacementRequest.GroupMove(cause, "req", group,
                    random.nextBoolean() ? null : random.nextInt(6) == 0 ? "n-unknown" : pick(random, nodeIds));
        }
        if (kind == 6) {
            return new PlacementRequest.GroupStart(cause, group);
        }
        if (kind == 7) {
            GroupView g = snapshot.groups().get(group);
            return new PlacementRequest.Replan(cause, "req", "fo-parent", group, g == null ? node : g.nodeId(),
                    someOf(random, nodeIds, 3, false), "refused");
        }
        return new PlacementRequest.Failback(cause, group, node);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static List<String> someOf(Random random, List<String> nodeIds, int max, boolean allowUnknown) {
        List<String> pool = new ArrayList<>(nodeIds);
        if (allowUnknown) {
            pool.add("n-unknown");
        }
        Collections.shuffle(pool, random);
        return List.copyOf(pool.subList(0, random.nextInt(Math.min(max, pool.size()) + 1)));
    }
}

package io.hacluster.placement.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.Envelope;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.placement.domain.CandidateListing;
import io.hacluster.placement.domain.ClusterModel;
import io.hacluster.placement.domain.ClusterSnapshot;
import io.hacluster.placement.domain.FailoverIds;
import io.hacluster.placement.domain.GroupView;
import io.hacluster.placement.domain.NodeState;
import io.hacluster.placement.domain.NodeView;
import io.hacluster.placement.domain.PlacementEngine;
import io.hacluster.placement.domain.PlacementRequest;
import io.hacluster.placement.domain.Plan;

/**
 * How long placement takes to plan large failures, on a cluster of 1,000 nodes (64 cores, 256 GiB each) in 10 storage
 * zones of 100 nodes (a group's volume is reachable from the nodes of its zone), running 20,000 groups of 1 to 3
 * containers, a fifth of them with one of 50 anti-affinity classes, each with 2 preferred owners in its zone.
 * <ul>
 * <li>{@code oneNodeWith200Groups}: node-0000 fails with 200 groups on it; the engine alone.</li>
 * <li>{@code oneNodeWith200GroupsAsTheServiceDoes}: the same, as the leader does it: snapshot of the model, plan,
 * event with its listed candidates.</li>
 * <li>{@code hundredNodesAtOnce}: nodes 0000 to 0099 fail at once (about 2,000 groups); the leader plans the 100
 * failures one after the other, each plan counting the reservations of the ones before, through the model as the
 * service does.</li>
 * </ul>
 * Run with {@code ./mvnw -pl placement-service -am verify -Pbench -DskipTests}; see docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PlacementBenchmark {

    static final int NODES = 1000;
    static final int ZONES = 10;
    static final int GROUPS_PER_NODE = 20;
    static final int GROUPS_ON_FIRST_NODE = 200;
    static final int FAILED_AT_ONCE = 100;
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    /** The cluster, as events (for the model) and as a snapshot (for the engine alone). */
    static final class Cluster {

        final List<NodeStatus> statuses = new ArrayList<>();
        final List<GroupSpec> groups = new ArrayList<>();
        final ClusterSnapshot snapshot;

        Cluster(long seed) {
            Random random = new Random(seed);
            List<List<String>> zoneNodes = new ArrayList<>();
            List<List<String>> zoneVolumes = new ArrayList<>();
            for (int z = 0; z < ZONES; z++) {
                zoneNodes.add(new ArrayList<>());
                zoneVolumes.add(new ArrayList<>());
            }
            List<String> nodeIds = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                String id = String.format("node-%04d", n);
                nodeIds.add(id);
                zoneNodes.get(zone(n)).add(id);
            }
            List<List<VolumeStatus>> mounted = new ArrayList<>();
            List<Resources> used = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                mounted.add(new ArrayList<>());
                used.add(Resources.NONE);
                int count = n == 0 ? GROUPS_ON_FIRST_NODE : GROUPS_PER_NODE;
                for (int k = 0; k < count; k++) {
                    String groupId = String.format("g-%04d-%03d", n, k);
                    List<ContainerSpec> containers = new ArrayList<>();
                    int size = 1 + random.nextInt(3);
                    for (int c = 0; c < size; c++) {
                        long cpu = n == 0 ? 50 + random.nextInt(100) : 250 + random.nextInt(750);
                        long memory = n == 0 ? 128 + random.nextInt(512) : 512 + random.nextInt(2048);
                        containers.add(new ContainerSpec(groupId + "-" + c, cpu, memory, List.of()));
                    }
                    List<String> zone = zoneNodes.get(zone(n));
                    List<String> preferred = List.of(zone.get(random.nextInt(zone.size())),
                            zone.get(random.nextInt(zone.size())));
                    String cls = random.nextInt(5) == 0 ? "class-" + random.nextInt(50) : null;
                    GroupSpec g = new GroupSpec(groupId, "vol-" + groupId, containers, random.nextInt(10), preferred,
                            List.of(), cls, FailbackPolicy.NEVER);
                    groups.add(g);
                    zoneVolumes.get(zone(n)).add(g.volumeId());
                    mounted.get(n).add(new VolumeStatus(g.volumeId(), groupId, 1));
                    used.set(n, used.get(n).plus(g.demand()));
                }
            }
            List<NodeView> views = new ArrayList<>();
            List<Set<String>> reach = new ArrayList<>();
            for (int z = 0; z < ZONES; z++) {
                reach.add(Set.copyOf(zoneVolumes.get(z)));
            }
            for (int n = 0; n < NODES; n++) {
                Resources capacity = new Resources(64_000, 262_144);
                List<String> reachable = List.copyOf(reach.get(zone(n)));
                statuses.add(new NodeStatus(nodeIds.get(n), "inc", 1, NOW, NodeStatus.Mode.ACTIVE, capacity,
                        used.get(n), reachable, List.of(), mounted.get(n), null));
                views.add(NodeView.active(nodeIds.get(n), capacity, used.get(n), reach.get(zone(n))));
            }
            List<GroupView> located = new ArrayList<>();
            for (GroupSpec g : groups) {
                located.add(new GroupView(g, "node-" + g.groupId().substring(2, 6)));
            }
            snapshot = ClusterSnapshot.of(views, located, List.of());
        }

        static int zone(int node) {
            return node / (NODES / ZONES);
        }

        /** A model that has read the whole cluster, every group's first start already answered. */
        ClusterModel model() {
            ClusterModel model = new ClusterModel(Duration.ofMinutes(5));
            for (NodeStatus s : statuses) {
                model.onNodeStatus("status-" + s.nodeId(), NOW, s);
            }
            for (GroupSpec g : groups) {
                String cause = "defined-" + g.groupId();
                model.onPlanned("plan-" + g.groupId(), NOW, new FailoverPlanned(FailoverIds.fromCause(cause),
                        new Trigger(TriggerKind.GROUP_START, null, g.groupId(), null, cause, null, null), null,
                        List.of(), List.of(), NOW));
                model.onAdmin(cause, NOW, new AdminEvent.GroupDefined(g));
            }
            return model;
        }
    }

    private static NodeHealthEvent.NodeFailed failed(String nodeId) {
        return new NodeHealthEvent.NodeFailed(nodeId, "inc", NOW.minusSeconds(3), NOW, "silent", 500, 2000);
    }

    private static PlacementRequest.NodeFailed request(String nodeId) {
        return new PlacementRequest.NodeFailed("failed-" + nodeId, nodeId,
                new NodeFailure("inc", NOW.minusSeconds(3), NOW, 2000, "silent"));
    }

    /** node-0000 has failed. */
    @State(Scope.Benchmark)
    public static class OneNodeDown {

        final PlacementEngine engine = new PlacementEngine();
        final CandidateListing listing = new CandidateListing(32, 3, 2);
        ClusterSnapshot snapshot;
        ClusterModel model;
        PlacementRequest request = request("node-0000");

        @Setup(Level.Trial)
        public void setUp() {
            Cluster cluster = new Cluster(42);
            List<NodeView> nodes = new ArrayList<>(cluster.snapshot.nodes().values());
            nodes.set(0, nodes.get(0).withState(NodeState.FAILED));
            snapshot = ClusterSnapshot.of(nodes, cluster.snapshot.groups().values(), List.of());
            model = cluster.model();
            model.onNodeHealth("failed-node-0000", NOW, failed("node-0000"));
            Plan plan = engine.plan(snapshot, request);
            FailoverPlanned listed = plan.toEvent(NOW, listing);
            FailoverPlanned full = plan.toEvent(NOW, CandidateListing.ALL);
            System.out.printf("%nnode-0000 fails: %d groups placed, %d unplaceable; plan event %d KiB with the listed "
                    + "candidates (%d KiB with all %d per group)%n", plan.placed().size(), plan.unplaced().size(),
                    size(listed) / 1024, size(full) / 1024, NODES);
        }

        private static int size(FailoverPlanned event) {
            return EventCodec.encode(Envelope.wrap(event, "placement-service/bench", NOW)).length;
        }
    }

    /** Nodes 0000 to 0099 failed at once; a fresh model for every measured run. */
    @State(Scope.Benchmark)
    public static class HundredNodesDown {

        final PlacementEngine engine = new PlacementEngine();
        final CandidateListing listing = new CandidateListing(32, 3, 2);
        Cluster cluster;
        ClusterModel model;

        @Setup(Level.Trial)
        public void setUp() {
            cluster = new Cluster(42);
        }

        @Setup(Level.Invocation)
        public void failHundredNodes() {
            model = cluster.model();
            for (int n = 0; n < FAILED_AT_ONCE; n++) {
                String id = String.format("node-%04d", n);
                model.onNodeHealth("failed-" + id, NOW, failed(id));
            }
        }
    }

    @Benchmark
    public Plan oneNodeWith200Groups(OneNodeDown state) {
        return state.engine.plan(state.snapshot, state.request);
    }

    @Benchmark
    public FailoverPlanned oneNodeWith200GroupsAsTheServiceDoes(OneNodeDown state) {
        Plan plan = state.engine.plan(state.model.snapshot(NOW), state.request);
        return plan.toEvent(NOW, state.listing);
    }

    @Benchmark
    public int hundredNodesAtOnce(HundredNodesDown state) {
        int placed = 0;
        int planned = 0;
        while (state.model.nextRequest().isPresent()) {
            PlacementRequest request = state.model.nextRequest().get();
            Plan plan = state.engine.plan(state.model.snapshot(NOW), request);
            FailoverPlanned event = plan.toEvent(NOW, state.listing);
            state.model.onPlanned("plan-" + request.causeEventId(), NOW, event);
            placed += event.assignments().size();
            planned++;
        }
        if (planned != FAILED_AT_ONCE) {
            throw new IllegalStateException("planned " + planned + " failures, expected " + FAILED_AT_ONCE);
        }
        return placed;
    }
}

package io.hacluster.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.hacluster.events.Envelope;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.Topics;

/**
 * The seed's failure, live: node 1, hosting containers 101, 102 and 103, loses power; the cluster detects it, fences
 * it, places its groups and starts them on the other nodes; their data carries on where it stopped; node 1 comes back
 * empty.
 */
final class Demo {

    private final LocalCluster cluster;
    private final ClusterView view;
    private final Console console;

    Demo(LocalCluster cluster, ClusterView view, Console console) {
        this.cluster = cluster;
        this.view = view;
        this.console = console;
    }

    void run() {
        String node1 = LocalCluster.nodeId(1);
        List<String> containers = DemoGroups.containersOfNode1();
        try (EventTail tail = new EventTail(cluster.bootstrapServers(), List.of(Topics.NODE_HEALTH,
                Topics.PLACEMENT_DECISIONS, Topics.FAILOVER_EVENTS))) {
            Map<String, Long> before = DataCheck.lastValues(cluster.storageRoot(), containers);
            console.step("counters written by 101, 102, 103 so far: " + before);
            console.step("POWER CUT on " + node1 + ": its agent and its containers are killed at once");
            Instant cut = Instant.now();
            cluster.agent(1).kill();

            String[] failoverId = new String[1];
            tail.until(e -> e.payload() instanceof FailoverEvent.FailoverCompleted c && c.failoverId().equals(
                    failoverId[0]) || e.payload() instanceof FailoverEvent.FailoverFailed f
                            && f.failoverId().equals(
                                    failoverId[0]),
                    e -> {
                        if (e.payload() instanceof FailoverEvent.FailoverStarted s && node1.equals(s.sourceNodeId())) {
                            failoverId[0] = s.failoverId();
                        }
                        narrate(e, cut);
                    }, Duration.ofSeconds(120), "completed failover of " + node1);
            console.step(String.format("all of %s's groups handled %.1f s after the power cut", node1,
                    Duration.between(cut, Instant.now()).toMillis() / 1000.0));
            Map<String, String> where = view.awaitContainersAway(containers, node1, Duration.ofSeconds(30));
            where.forEach((c, node) -> console.step("container " + c + " now runs on " + node));
            view.print(console);

            Map<String, Long> after = DataCheck.awaitProgress(cluster.storageRoot(), containers, before,
                    Duration.ofSeconds(30));
            for (String c : containers) {
                console.step("container " + c + ": counter was " + before.get(c) + " before the cut, is " + after.get(c)
                        + " now, continuing without a gap: " + DataCheck.describeContinuity(cluster.storageRoot(), c));
            }

            console.step("powering " + node1 + " back on");
            cluster.startAgent(1);
            cluster.awaitAgentReady(1);
            tail.until(e -> e.payload() instanceof NodeHealthEvent.NodeRejoined r && r.nodeId().equals(node1)
                    || e.payload() instanceof NodeHealthEvent.NodeRecovered v && v.nodeId().equals(node1),
                    e -> narrate(e, cut), Duration.ofSeconds(60), node1 + " rejoining");
            view.awaitNodeState(node1, "ACTIVE", Duration.ofSeconds(30));
            view.print(console);
            console.step(node1 + " is back and empty: its groups stay where the cluster put them");
        }
    }

    private void narrate(Envelope<?> e, Instant cut) {
        Narrator.describe(e).ifPresent(text -> console.raw(String.format("    +%5.1fs  %s",
                Duration.between(cut, Instant.now()).toMillis() / 1000.0, text)));
    }
}

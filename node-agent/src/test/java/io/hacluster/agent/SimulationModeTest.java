package io.hacluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(SimulationModeTest.ThousandNodes.class)
class SimulationModeTest {

    static final int NODES = 1000;
    static final String PREFIX = "simtest-";

    public static class ThousandNodes implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agent.simulation.enabled", "true",
                    "agent.simulation.nodes", Integer.toString(NODES),
                    "agent.simulation.id-prefix", PREFIX,
                    "agent.heartbeat-interval", "500ms",
                    "agent.status-interval", "5s");
        }
    }

    @Test
    void shouldHeartbeatAndReportForAThousandNodesFromOneProcess() {
        Set<String> heartbeating = ConcurrentHashMap.newKeySet();
        Set<String> reporting = ConcurrentHashMap.newKeySet();
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.awaitEvents(Topics.NODE_HEARTBEATS, e -> e.payload() instanceof NodeHeartbeat hb
                    && hb.nodeId().startsWith(PREFIX) && heartbeating.add(hb.nodeId()), NODES, Duration.ofSeconds(60));
            kafka.awaitEvents(Topics.NODE_STATUS, e -> e.payload() instanceof NodeStatus s
                    && s.nodeId().startsWith(PREFIX) && reporting.add(s.nodeId()), NODES, Duration.ofSeconds(60));
        }
        assertThat(heartbeating).hasSize(NODES).contains(PREFIX + "1", PREFIX + NODES);
        assertThat(reporting).hasSize(NODES);
        printHeartbeatRegularity();
    }

    /** Prints how regularly the thousand nodes' heartbeats were sent (figures for docs/benchmarks.md). */
    static void printHeartbeatRegularity() {
        Map<String, List<Instant>> sent = new ConcurrentHashMap<>();
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.awaitEvents(Topics.NODE_HEARTBEATS, e -> {
                if (e.payload() instanceof NodeHeartbeat hb && hb.nodeId().startsWith(PREFIX)) {
                    sent.computeIfAbsent(hb.nodeId(), n -> new ArrayList<>()).add(hb.sentAt());
                    return true;
                }
                return false;
            }, 6 * NODES, Duration.ofSeconds(60));
        }
        List<Long> gaps = new ArrayList<>();
        for (List<Instant> times : sent.values()) {
            times.sort(null);
            for (int i = 1; i < times.size(); i++) {
                gaps.add(Duration.between(times.get(i - 1), times.get(i)).toMillis());
            }
        }
        gaps.sort(null);
        System.out.printf("BENCHMARK node-agent simulation: %d nodes, heartbeat interval 500 ms, %d gaps between "
                + "consecutive heartbeats of a node: min %d ms, median %d ms, p99 %d ms, max %d ms%n", sent.size(),
                gaps.size(), gaps.get(0), gaps.get(gaps.size() / 2), gaps.get((int) (gaps.size() * 0.99)),
                gaps.get(gaps.size() - 1));
    }
}

package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerState;
import io.hacluster.events.Resources;

class StaleMountsTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static LocalContainer running(String id, String volumeId, long epoch) {
        return new LocalContainer(id, "g-" + volumeId, volumeId, epoch, ContainerState.RUNNING, null, Resources.NONE);
    }

    @Test
    void shouldGiveUpOnlyTheVolumesTakenOverAndTheContainersOnThem() {
        NodeView node = new NodeView("node-1", AgentMode.ACTIVE, List.of(),
                Map.of("vol-1", new LocalMount("vol-1", "g-vol-1", 3), "vol-2", new LocalMount("vol-2", "g-vol-2", 7),
                        "vol-3", new LocalMount("vol-3", "g-vol-3", 2)),
                Map.of("101", running("101", "vol-1", 3), "102", running("102", "vol-1", 3),
                        "201", running("201", "vol-2", 7), "301", running("301", "vol-3", 2)));
        Map<String, LeaseRecord> leases = Map.of(
                "vol-1", new LeaseRecord("vol-1", "node-2", 4, LeaseState.MOUNTED, T0), // taken over
                "vol-2", new LeaseRecord("vol-2", "node-1", 7, LeaseState.MOUNTED, T0), // still ours
                "vol-3", new LeaseRecord("vol-3", "node-1", 3, LeaseState.RESERVED, T0)); // ours, but a newer epoch

        StaleMounts.Plan plan = StaleMounts.find("node-1", node, leases);

        assertThat(plan.mounts()).extracting(LocalMount::volumeId).containsExactly("vol-1", "vol-3");
        assertThat(plan.containers()).containsExactly("101", "102", "301");
    }

    @Test
    void shouldKeepEverythingTheNodeStillLegitimatelyOwns() {
        NodeView node = new NodeView("node-1", AgentMode.ACTIVE, List.of(),
                Map.of("vol-2", new LocalMount("vol-2", "g-vol-2", 7)), Map.of("201", running("201", "vol-2", 7)));

        assertThat(StaleMounts.find("node-1", node,
                Map.of("vol-2", new LeaseRecord("vol-2", "node-1", 7, LeaseState.MOUNTED, T0))).isEmpty()).isTrue();
        assertThat(StaleMounts.find("node-1", node, Map.of()).containers()).as("no lease at all").containsExactly("201");
    }

    @Test
    void shouldGiveUpTheMountsWhoseLeaseCouldNotBeRenewedForTheLeaseTimeout() {
        NodeView node = new NodeView("node-1", AgentMode.ACTIVE, List.of(),
                Map.of("vol-1", new LocalMount("vol-1", "g-vol-1", 3), "vol-2", new LocalMount("vol-2", "g-vol-2", 7)),
                Map.of("101", running("101", "vol-1", 3), "201", running("201", "vol-2", 7)));
        Map<String, MonotonicTime> renewedAt = Map.of("vol-1", MonotonicTime.ofMillis(1_000), "vol-2",
                MonotonicTime.ofMillis(5_000));
        Duration timeout = Duration.ofSeconds(10);

        assertThat(StaleMounts.unrenewed(node, renewedAt, timeout, MonotonicTime.ofMillis(10_999)).isEmpty()).isTrue();

        StaleMounts.Plan plan = StaleMounts.unrenewed(node, renewedAt, timeout, MonotonicTime.ofMillis(11_000));

        assertThat(plan.mounts()).extracting(LocalMount::volumeId).containsExactly("vol-1");
        assertThat(plan.containers()).containsExactly("101");
        assertThat(StaleMounts.unrenewed(node, Map.of(), timeout, MonotonicTime.ofMillis(99_000)).isEmpty())
                .as("a mount without a renewal time is not judged").isTrue();
    }
}

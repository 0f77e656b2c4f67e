package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void shouldSumWhatIsBehindPerTopicAndCountFromTheFirstKeptRecordWhereNothingWasCommitted() {
        ConsumerLag.Measurement m = ConsumerLag.measure(T, List.of("node-status", "node-health", "cluster-admin"),
                List.of(new ConsumerLag.Partition("node-status", 0, 100L, 0, 130),
                        new ConsumerLag.Partition("node-status", 1, 50L, 0, 50),
                        new ConsumerLag.Partition("node-health", 0, null, 7, 10),
                        new ConsumerLag.Partition("cluster-admin", 0, 3L, 5, 9)));
        assertThat(m.behind()).containsEntry("node-status", 30L).containsEntry("node-health", 3L)
                .containsEntry("cluster-admin", 4L);
        assertThat(m.total()).isEqualTo(37);
        assertThat(m.error()).isNull();
        assertThat(m.failed("broker down").behind()).isEqualTo(m.behind());
        assertThat(m.failed("broker down").error()).isEqualTo("broker down");
    }
}

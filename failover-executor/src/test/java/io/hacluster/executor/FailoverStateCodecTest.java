package io.hacluster.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.executor.domain.ExecutorSettings;
import io.hacluster.executor.domain.Failover;
import io.hacluster.executor.domain.FailoverMachine;
import io.hacluster.executor.domain.FencingMethod;
import io.hacluster.executor.persistence.FailoverStore;

class FailoverStateCodecTest {

    @Test
    void shouldStoreAFailoverInFlightAndReadItBackUnchanged() {
        FailoverMachineTest.MemoryLedger ledger = new FailoverMachineTest.MemoryLedger();
        FailoverMachine machine = new FailoverMachine(new ExecutorSettings(Duration.ofSeconds(2), 3, Duration.ofSeconds(5),
                Duration.ofSeconds(1), 8, 2, Duration.ofSeconds(10), List.of(FencingMethod.STORAGE_PREEMPTION), false,
                Duration.ofSeconds(1)),
                ledger);
        Failover f = machine.start(FailoverMachineTest.nodeFailedPlan(FailoverMachineTest.groupA("node-2"),
                FailoverMachineTest.groupB("node-3")), Instant.parse("2026-11-27T10:00:00Z")).failover();

        String json = FailoverStore.encode(f);
        Failover back = FailoverStore.decode(json);

        assertThat(FailoverStore.encode(back)).isEqualTo(json);
        assertThat(back.phase()).isEqualTo(f.phase());
        assertThat(back.group("g-a").orElseThrow().pending()).isEqualTo(f.group("g-a").orElseThrow().pending());
        assertThat(back.trigger()).isEqualTo(f.trigger());
    }
}

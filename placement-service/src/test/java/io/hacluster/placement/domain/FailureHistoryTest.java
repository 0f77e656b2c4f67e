package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.hacluster.events.PlacementDecision.GroupFailureRecorded;
import io.hacluster.events.RecoveryPolicy;

class FailureHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final RecoveryPolicy POLICY = new RecoveryPolicy(1, 900, 2, 600);

    private final FailureHistory history = new FailureHistory();

    private static FailureHistory.Failure failure(String id, String node, long secondsAfterT0) {
        return new FailureHistory.Failure(id, "g", node, T0.plusSeconds(secondsAfterT0), "container c FAILED: " + id);
    }

    @Test
    void shouldAvoidANodeOnceTheGroupFailedThereThresholdTimesUntilTheTimeoutAfterTheLastFailure() {
        history.record(failure("f1", "node-1", 0));
        assertThat(history.avoided("g", POLICY, T0.plusSeconds(1))).isEmpty();

        history.record(failure("f2", "node-1", 100));

        assertThat(history.avoided("g", POLICY, T0.plusSeconds(101))).containsOnlyKeys("node-1");
        assertThat(history.avoided("g", POLICY, T0.plusSeconds(101)).get("node-1"))
                .contains("failed 2 time(s) here (threshold 2)").contains("container c FAILED: f2")
                .contains("until " + T0.plusSeconds(700));
        assertThat(history.avoided("g", POLICY, T0.plusSeconds(700))).isEmpty();
    }

    @Test
    void shouldForgetTheCountWhenTheNextFailureComesAfterTheTimeout() {
        history.record(failure("f1", "node-1", 0));
        history.record(failure("f2", "node-1", 601));

        assertThat(history.counts("g", POLICY).get("node-1").failures()).isEqualTo(1);
        assertThat(history.avoided("g", POLICY, T0.plusSeconds(602))).isEmpty();
    }

    @Test
    void shouldCountEachFailureOnceWhetherSeenAsEvidenceOrAsTheLeadersNotice() {
        FailureHistory.Failure f1 = failure("f1", "node-1", 0);
        history.record(f1);
        GroupFailureRecorded notice = history.notice(f1, POLICY);
        history.announced(notice);
        history.record(f1);
        history.announced(notice);

        assertThat(history.counts("g", POLICY).get("node-1").failures()).isEqualTo(1);
        assertThat(history.unannounced()).isEmpty();
        assertThat(notice.failuresOnNode()).isEqualTo(1);
        assertThat(notice.avoidedUntil()).isNull();
    }

    @Test
    void shouldRebuildTheHistoryFromTheNoticesAlone() {
        FailureHistory leader = new FailureHistory();
        leader.record(failure("f1", "node-1", 0));
        GroupFailureRecorded first = leader.notice(leader.unannounced().get(0), POLICY);
        leader.announced(first);
        leader.record(failure("f2", "node-1", 10));
        GroupFailureRecorded second = leader.notice(leader.unannounced().get(0), POLICY);

        history.announced(first);
        history.announced(second);

        assertThat(second.failuresOnNode()).isEqualTo(2);
        assertThat(second.avoidedUntil()).isEqualTo(T0.plusSeconds(610));
        assertThat(history.avoided("g", POLICY, T0.plusSeconds(11))).containsOnlyKeys("node-1");
    }

    @Test
    void shouldForgetWhatAnOperatorClearedAndIgnoreOlderEvidenceReadAfterTheClear() {
        history.record(failure("f1", "node-1", 0));
        history.record(failure("f2", "node-1", 10));
        history.record(failure("f3", "node-2", 10));

        history.clear("g", "node-1", T0.plusSeconds(20));
        history.record(failure("late", "node-1", 15));

        assertThat(history.counts("g", POLICY)).containsOnlyKeys("node-2");
        assertThat(history.unannounced()).extracting(FailureHistory.Failure::failureId).containsExactly("f3");

        history.clear("g", null, T0.plusSeconds(30));
        assertThat(history.counts("g", POLICY)).isEmpty();
        history.record(failure("new", "node-1", 40));
        assertThat(history.counts("g", POLICY).get("node-1").failures()).isEqualTo(1);
    }

    @Test
    void shouldAvoidUntilClearedWhenTheFailureTimeoutIsZero() {
        RecoveryPolicy never = new RecoveryPolicy(1, 900, 1, 0);
        history.record(failure("f1", "node-1", 0));

        assertThat(history.avoided("g", never, T0.plusSeconds(86_400 * 365))).containsOnlyKeys("node-1");
    }
}

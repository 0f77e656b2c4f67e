package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.inventory.domain.GroupFailures.Failure;
import io.hacluster.inventory.domain.GroupFailures.OnNode;

class GroupFailuresTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void shouldShowPerNodeTheLatestCountAndWhetherTheNodeIsAvoidedNow() {
        List<Failure> failures = List.of(
                new Failure("node-2", T0, "101 exited (1)", 1, 2, null),
                new Failure("node-2", T0.plusSeconds(60), "101 failed its check", 2, 2, T0.plusSeconds(960)),
                new Failure("node-3", T0.plusSeconds(30), "mount refused", 1, 2, null));

        List<OnNode> shown = GroupFailures.summarize(failures, T0.plusSeconds(120));

        assertThat(shown).extracting(OnNode::nodeId).containsExactly("node-2", "node-3");
        OnNode n2 = shown.get(0);
        assertThat(n2.count()).isEqualTo(2);
        assertThat(n2.threshold()).isEqualTo(2);
        assertThat(n2.lastFailureAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(n2.lastReason()).isEqualTo("101 failed its check");
        assertThat(n2.avoided()).isTrue();
        assertThat(n2.avoidedUntil()).isEqualTo(T0.plusSeconds(960));
        assertThat(n2.recent()).extracting(GroupFailures.Recent::reason).containsExactly("101 failed its check",
                "101 exited (1)");
        assertThat(shown.get(1).avoided()).isFalse();
    }

    @Test
    void shouldShowANodeWhoseAvoidanceHasPassedAsNotAvoided() {
        List<Failure> failures = List.of(new Failure("node-2", T0, "101 exited (1)", 2, 2, T0.plusSeconds(900)));
        OnNode later = GroupFailures.summarize(failures, T0.plusSeconds(900)).get(0);
        assertThat(later.avoided()).isFalse();
        assertThat(later.avoidedUntil()).isNull();
        assertThat(later.count()).isEqualTo(2);
        assertThat(GroupFailures.summarize(failures, T0.plusSeconds(899)).get(0).avoided()).isTrue();
    }

    @Test
    void shouldKeepTheRecentListBounded() {
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < GroupFailures.RECENT + 5; i++) {
            failures.add(new Failure("node-2", T0.plusSeconds(i), "failure " + i, i + 1, 100, null));
        }
        OnNode n2 = GroupFailures.summarize(failures, T0).get(0);
        assertThat(n2.recent()).hasSize(GroupFailures.RECENT);
        assertThat(n2.recent().get(0).reason()).isEqualTo("failure " + (GroupFailures.RECENT + 4));
        assertThat(n2.count()).isEqualTo(GroupFailures.RECENT + 5);
    }

    @Test
    void shouldShowANodeAvoidedUntilClearedWhenTheCountReachedTheThresholdWithoutAnEnd() {
        List<Failure> failures = List.of(new Failure("node-2", T0, "101 exited (1)", 2, 2, null));

        OnNode shown = GroupFailures.summarize(failures, T0.plusSeconds(86_400 * 30)).get(0);

        assertThat(shown.avoided()).as("failure timeout 0: until an operator clears it").isTrue();
        assertThat(shown.avoidedUntil()).isNull();
    }
}

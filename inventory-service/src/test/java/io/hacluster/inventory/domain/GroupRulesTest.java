package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.inventory.domain.GroupDraft.ContainerDraft;
import io.hacluster.inventory.domain.GroupDraft.FailbackDraft;

class GroupRulesTest {

    private static final List<ContainerDraft> ONE = List.of(new ContainerDraft("101", 500L, 512L, null));

    @Test
    void shouldTurnAValidDraftIntoASpecWithDefaults() {
        GroupRules.Checked checked = GroupRules.check(new GroupDraft("g1", "vol-1", ONE, null, null, null, null,
                null));
        assertThat(checked.valid()).isTrue();
        GroupSpec spec = checked.spec();
        assertThat(spec.priority()).isZero();
        assertThat(spec.failback()).isEqualTo(FailbackPolicy.NEVER);
        assertThat(spec.containers().get(0).command()).isEmpty();
        assertThat(spec.possibleOwners()).isEmpty();
    }

    @Test
    void shouldReportEveryBrokenRuleWithItsField() {
        GroupRules.Checked checked = GroupRules.check(new GroupDraft(" ", null,
                List.of(new ContainerDraft("c", 0L, null, List.of("")), new ContainerDraft("c", 1L, 1L, null)), -1,
                List.of("n1", "n9"), List.of("n1"), "a b", new FailbackDraft("PREFERRED_OWNER", -5L)));
        assertThat(checked.valid()).isFalse();
        assertThat(checked.errors()).extracting(FieldError::field).containsExactly("groupId", "volumeId",
                "containers[0].cpuMillis", "containers[0].memoryMb", "containers[0].command[0]",
                "containers[1].containerId", "priority", "preferredOwners[1]", "antiAffinityClass",
                "failback.delaySeconds");
    }

    @Test
    void shouldRequireAPreferredOwnerForFailbackToIt() {
        GroupRules.Checked checked = GroupRules.check(new GroupDraft("g1", "vol-1", ONE, 1, List.of(), null, null,
                new FailbackDraft("PREFERRED_OWNER", 60L)));
        assertThat(checked.errors()).containsExactly(new FieldError("failback.mode",
                "PREFERRED_OWNER needs at least one preferred owner"));
    }

    @Test
    void shouldRefuseTooManyContainersAndOutOfRangeAmounts() {
        List<ContainerDraft> many = new java.util.ArrayList<>();
        for (int i = 0; i <= GroupRules.MAX_CONTAINERS; i++) {
            many.add(new ContainerDraft("c" + i, 1L, GroupRules.MAX_MEMORY_MB + (i == 0 ? 1 : 0), null));
        }
        GroupRules.Checked checked = GroupRules.check(new GroupDraft("g1", "vol-1", many, 1000, null, null, null,
                null));
        assertThat(checked.errors()).extracting(FieldError::field).containsExactly("containers",
                "containers[0].memoryMb");
    }

    @Test
    void shouldAcceptIdsOfLettersDigitsDotsDashesAndUnderscoresUpTo64() {
        assertThat(GroupRules.ID.matcher("node-1.rack_2").matches()).isTrue();
        assertThat(GroupRules.ID.matcher("x".repeat(64)).matches()).isTrue();
        assertThat(GroupRules.ID.matcher("x".repeat(65)).matches()).isFalse();
        assertThat(GroupRules.ID.matcher("-leading").matches()).isFalse();
        assertThat(GroupRules.ID.matcher("a/b").matches()).isFalse();
    }
}

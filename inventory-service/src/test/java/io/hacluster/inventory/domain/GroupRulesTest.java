package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.HealthCheck;
import io.hacluster.events.RecoveryPolicy;
import io.hacluster.inventory.domain.GroupDraft.CheckDraft;
import io.hacluster.inventory.domain.GroupDraft.ContainerDraft;
import io.hacluster.inventory.domain.GroupDraft.FailbackDraft;
import io.hacluster.inventory.domain.GroupDraft.RecoveryDraft;

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

    @Test
    void shouldTakeTheDefaultRecoveryPolicyForWhatADraftLeavesOut() {
        assertThat(GroupRules.check(new GroupDraft("g1", "vol-1", ONE, null, null, null, null, null)).spec()
                .recovery()).isEqualTo(RecoveryPolicy.DEFAULT);
        GroupSpec spec = GroupRules.check(new GroupDraft("g1", "vol-1", ONE, null, null, null, null, null,
                new RecoveryDraft(0, null, 5, null))).spec();
        assertThat(spec.recovery()).isEqualTo(new RecoveryPolicy(0, 900, 5, 900));
    }

    @Test
    void shouldReportEveryBrokenRecoveryRuleWithItsField() {
        GroupRules.Checked checked = GroupRules.check(new GroupDraft("g1", "vol-1", ONE, null, null, null, null, null,
                new RecoveryDraft(101, 0L, 0, 604_801L)));
        assertThat(checked.errors()).containsExactly(
                new FieldError("recovery.restartThreshold", "must be between 0 and 100, was 101"),
                new FieldError("recovery.restartPeriodSeconds", "must be between 1 and 604800, was 0"),
                new FieldError("recovery.failureThreshold", "must be between 1 and 100, was 0"),
                new FieldError("recovery.failureTimeoutSeconds", "must be between 0 and 604800, was 604801"));
    }

    @Test
    void shouldAcceptAHealthCheckWithDefaultsAndReportEveryBrokenRule() {
        GroupSpec spec = GroupRules.check(new GroupDraft("g1", "vol-1", List.of(new ContainerDraft("101", 1L, 1L,
                null, new CheckDraft(List.of("/bin/true"), null, null, null))), null, null, null, null, null)).spec();
        assertThat(spec.containers().get(0).check()).isEqualTo(new HealthCheck(List.of("/bin/true"), 10_000, 5_000,
                3));
        assertThat(GroupRules.check(new GroupDraft("g1", "vol-1", List.of(new ContainerDraft("101", 1L, 1L, null,
                new CheckDraft(List.of("/bin/true"), 1000L, null, null))), null, null, null, null, null)).spec()
                .containers().get(0).check().timeoutMs()).isEqualTo(1000);

        GroupRules.Checked checked = GroupRules.check(new GroupDraft("g1", "vol-1", List.of(
                new ContainerDraft("101", 1L, 1L, null, new CheckDraft(List.of(), 99L, null, 0)),
                new ContainerDraft("102", 1L, 1L, null, new CheckDraft(List.of(" ", "x"), 1000L, 2000L, 101))),
                null, null, null, null, null));
        assertThat(checked.errors()).containsExactly(
                new FieldError("containers[0].check.command", "is required: the program and its arguments"),
                new FieldError("containers[0].check.intervalMs", "must be between 100 and 3600000, was 99"),
                new FieldError("containers[0].check.failureThreshold", "must be between 1 and 100, was 0"),
                new FieldError("containers[1].check.command[0]", "the program must not be blank"),
                new FieldError("containers[1].check.timeoutMs", "must be between 100 and the interval (1000), was "
                        + "2000"),
                new FieldError("containers[1].check.failureThreshold", "must be between 1 and 100, was 101"));
    }
}

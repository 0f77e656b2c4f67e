package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.hacluster.agent.domain.WitnessRule.Action;

/**
 * The agent's table of docs/failure-handling.md ("The second witness"), one test per row, on the witness views the
 * rule is given. The timing (when a view is asked for, how long the others must be back) is in
 * {@link AgentLifecycleWitnessTest}.
 */
class WitnessRuleTest {

    static final Duration CONFIRM = Duration.ofMillis(2000);

    static WitnessView view(boolean ownWritten, int known, int freshUnreachable, int freshReachable) {
        return new WitnessView(ownWritten, known, freshUnreachable, freshReachable);
    }

    // row 1: its own slot cannot be written -> fences itself, whatever the others show

    @Test
    void shouldFenceWhenItsOwnSlotCannotBeWrittenEvenIfEveryoneElseIsCutOff() {
        var verdict = WitnessRule.cutOff(view(false, 4, 4, 0), false);

        assertThat(verdict.action()).isEqualTo(Action.FENCE);
        assertThat(verdict.why()).contains("own witness slot cannot be written");
    }

    @Test
    void shouldFenceWithoutAWitnessAsBefore() {
        assertThat(WitnessRule.cutOff(null, false).action()).isEqualTo(Action.FENCE);
    }

    // row 2: written, and more than half of the other known nodes' fresh slots report Kafka unreachable -> freezes

    @Test
    void shouldFreezeWhenMoreThanHalfOfTheOtherKnownNodesAreFreshAndCutOffToo() {
        assertThat(WitnessRule.cutOff(view(true, 2, 2, 0), false).action()).isEqualTo(Action.FREEZE);
        assertThat(WitnessRule.cutOff(view(true, 3, 2, 1), true).action()).isEqualTo(Action.FREEZE);
        assertThat(WitnessRule.cutOff(view(true, 5, 3, 0), true).action()).as("2 of the 5 stale").isEqualTo(
                Action.FREEZE);
        assertThat(WitnessRule.cutOff(view(true, 1, 1, 0), true).action()).isEqualTo(Action.FREEZE);
        assertThat(WitnessRule.cutOff(view(true, 2, 2, 0), false).why()).contains("control plane is down");
    }

    // row 3: written, otherwise (the others carry on, or too few slots to tell) -> fences itself

    @Test
    void shouldFenceWhenTheOthersCarryOn() {
        var verdict = WitnessRule.cutOff(view(true, 2, 0, 2), true);

        assertThat(verdict.action()).isEqualTo(Action.FENCE);
        assertThat(verdict.why()).contains("the others carry on");
    }

    @Test
    void shouldFenceWhenExactlyHalfOfTheOthersAreCutOff() {
        assertThat(WitnessRule.cutOff(view(true, 2, 1, 1), true).action()).isEqualTo(Action.FENCE);
        assertThat(WitnessRule.cutOff(view(true, 4, 2, 2), true).action()).isEqualTo(Action.FENCE);
    }

    @Test
    void shouldFenceWhenTooFewFreshSlotsToTell() {
        assertThat(WitnessRule.cutOff(view(true, 0, 0, 0), false).action()).as("alone: no other node known")
                .isEqualTo(Action.FENCE);
        assertThat(WitnessRule.cutOff(view(true, 3, 1, 0), false).action()).as("two of three others stale")
                .isEqualTo(Action.FENCE);
        assertThat(WitnessRule.cutOff(view(true, 3, 1, 0), false).why()).contains("too few fresh slots");
        assertThat(WitnessRule.cutOff(view(true, 4, 0, 0), false).action()).as("every slot stale")
                .isEqualTo(Action.FENCE);
    }

    @Test
    void shouldWaitForTheOthersSlotsUntilItsIsolationBoundWhenTheyCouldStillShowTheOutage() {
        // the others' isolation watches run behind this one's: their slots may not say so yet
        assertThat(WitnessRule.cutOff(view(true, 2, 1, 1), false).action()).isEqualTo(Action.WAIT);
        assertThat(WitnessRule.cutOff(view(true, 2, 0, 2), false).action()).isEqualTo(Action.WAIT);

        assertThat(WitnessRule.cutOff(view(true, 2, 1, 1), true).action()).as("bound reached").isEqualTo(
                Action.FENCE);
        assertThat(WitnessRule.cutOff(view(true, 3, 1, 0), false).action()).as("no majority can be shown")
                .isEqualTo(Action.FENCE);
    }

    // row 4: FROZEN, more than half of the others report Kafka reachable again, own heartbeats still not
    // acknowledged -> fences itself (once that has lasted the confirmation time)

    @Test
    void shouldFenceAFrozenAgentOnceMostOthersAreAcknowledgedAgainWhileItIsNot() {
        var verdict = WitnessRule.frozen(view(true, 2, 0, 2), CONFIRM, CONFIRM);

        assertThat(verdict.action()).isEqualTo(Action.FENCE);
        assertThat(verdict.why()).contains("now it is the one cut off");
        assertThat(WitnessRule.frozen(view(true, 3, 1, 2), CONFIRM.plusMillis(1), CONFIRM).action())
                .isEqualTo(Action.FENCE);
    }

    @Test
    void shouldKeepAFrozenAgentFrozenWhileTheOthersAreBackForLessThanTheConfirmation() {
        assertThat(WitnessRule.frozen(view(true, 2, 0, 2), CONFIRM.minusMillis(1), CONFIRM).action())
                .isEqualTo(Action.STAY_FROZEN);
    }

    @Test
    void shouldKeepAFrozenAgentFrozenWhileMostOthersAreStillCutOffOrUnknown() {
        assertThat(WitnessRule.frozen(view(true, 2, 2, 0), Duration.ZERO, CONFIRM).action())
                .isEqualTo(Action.STAY_FROZEN);
        assertThat(WitnessRule.frozen(view(true, 2, 1, 1), Duration.ofMinutes(5), CONFIRM).action())
                .as("half is not more than half").isEqualTo(Action.STAY_FROZEN);
        assertThat(WitnessRule.frozen(view(true, 3, 0, 0), Duration.ZERO, CONFIRM).action())
                .as("every other slot gone stale").isEqualTo(Action.STAY_FROZEN);
    }

    @Test
    void shouldFenceAFrozenAgentWhoseOwnSlotCanNoLongerBeWritten() {
        assertThat(WitnessRule.frozen(view(false, 2, 2, 0), Duration.ZERO, CONFIRM).action())
                .isEqualTo(Action.FENCE);
        assertThat(WitnessRule.frozen(null, Duration.ZERO, CONFIRM).action()).isEqualTo(Action.FENCE);
    }

    // row 5 (FROZEN, heartbeats acknowledged again -> serves again, same incarnation) is a transition of the
    // lifecycle: AgentLifecycleWitnessTest#shouldServeAgainUnderTheSameIncarnationWhenAcknowledgedWhileFrozen
}

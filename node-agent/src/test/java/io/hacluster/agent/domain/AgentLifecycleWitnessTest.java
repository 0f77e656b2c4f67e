package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The isolation watch with the storage witness, on a fake monotonic clock in milliseconds from 0: isolation timeout
 * I = 2000 ms, lag allowance C = 500 ms, watch period 100 ms. The heartbeat sent at 0 is acknowledged at 5, so the
 * deadline is 2005 and the isolation bound 2500. Recovery grace 5000 ms.
 */
class AgentLifecycleWitnessTest {

    static final AgentLifecycle.Settings SETTINGS = new AgentLifecycle.Settings(Duration.ofMillis(2000),
            Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(5000));

    static final WitnessView OTHERS_CUT_OFF = new WitnessView(true, 2, 2, 0);
    static final WitnessView OTHERS_CARRY_ON = new WitnessView(true, 2, 0, 2);
    static final WitnessView ALONE = new WitnessView(true, 0, 0, 0);
    static final WitnessView OWN_NOT_WRITTEN = new WitnessView(false, 2, 2, 0);

    final AgentLifecycle lifecycle = new AgentLifecycle("inc-1", SETTINGS);

    static MonotonicTime at(long millis) {
        return MonotonicTime.ofMillis(millis);
    }

    AgentLifecycle.Result ack(long sentAt, long receivedAt) {
        return lifecycle.on(new AgentLifecycle.HeartbeatAcknowledged("inc-1", at(sentAt)), at(receivedAt));
    }

    AgentLifecycle.Result tick(long millis, WitnessView witness) {
        return lifecycle.on(new AgentLifecycle.Tick(witness), at(millis));
    }

    /** Ticks every 100 ms from {@code from} to {@code to} with the same view; the time of the first change, or -1. */
    long ticks(long from, long to, WitnessView witness) {
        AgentMode before = lifecycle.mode();
        for (long t = from; t <= to; t += 100) {
            tick(t, witness);
            if (lifecycle.mode() != before) {
                return t;
            }
        }
        return -1;
    }

    AgentLifecycle active() {
        ack(0, 5);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.ACTIVE);
        return lifecycle;
    }

    @Test
    void shouldFreezeAtItsDeadlineWhenMostOthersAreCutOffToo() {
        active();

        long changedAt = ticks(0, 10_000, OTHERS_CUT_OFF);

        assertThat(changedAt).as("the first tick at or after the deadline (2005)").isEqualTo(2100);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.FROZEN);
        assertThat(lifecycle.incarnation()).isEqualTo("inc-1");
    }

    @Test
    void shouldLogTheFreezeWithItsReason() {
        active();
        ticks(0, 2000, OTHERS_CUT_OFF);

        var freeze = tick(2100, OTHERS_CUT_OFF).transition().orElseThrow();

        assertThat(freeze.from()).isEqualTo(AgentMode.ACTIVE);
        assertThat(freeze.to()).isEqualTo(AgentMode.FROZEN);
        assertThat(freeze.why()).contains("no heartbeat acknowledged in time").contains("control plane is down")
                .contains("2 fresh report Kafka unreachable");
    }

    @Test
    void shouldStayFrozenForAsLongAsMostOthersStayCutOff() {
        active();
        ticks(0, 2100, OTHERS_CUT_OFF);

        assertThat(ticks(2200, 600_000, OTHERS_CUT_OFF)).as("ten minutes frozen").isEqualTo(-1);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.FROZEN);
    }

    @Test
    void shouldFenceAtItsDeadlineWhenItsOwnSlotCannotBeWritten() {
        active();

        assertThat(ticks(0, 10_000, OWN_NOT_WRITTEN)).isEqualTo(2100);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.SELF_FENCED);
    }

    @Test
    void shouldFenceAtItsDeadlineAsBeforeWhenAloneOrWithoutAWitness() {
        active();
        assertThat(ticks(0, 10_000, ALONE)).isEqualTo(2100);

        AgentLifecycle other = new AgentLifecycle("inc-9", SETTINGS);
        other.on(new AgentLifecycle.HeartbeatAcknowledged("inc-9", at(0)), at(5));
        assertThat(other.on(new AgentLifecycle.Tick(), at(2100)).transition().orElseThrow().to())
                .isEqualTo(AgentMode.SELF_FENCED);
    }

    @Test
    void shouldWaitForTheOthersSlotsUntilItsIsolationBoundAndThenFenceIfTheyStillCarryOn() {
        active();

        var waiting = tick(2100, OTHERS_CARRY_ON);
        assertThat(waiting.transition()).isEmpty();
        assertThat(waiting.notice()).hasValueSatisfying(n -> assertThat(n).contains("waiting"));
        assertThat(tick(2200, OTHERS_CARRY_ON).notice()).as("told once").isEmpty();
        assertThat(ticks(2300, 2400, OTHERS_CARRY_ON)).isEqualTo(-1);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.ACTIVE);

        var fence = tick(2500, OTHERS_CARRY_ON).transition().orElseThrow();

        assertThat(fence.to()).isEqualTo(AgentMode.SELF_FENCED);
        assertThat(fence.why()).contains("the others carry on");
    }

    @Test
    void shouldFreezeWhenTheOthersSlotsShowTheOutageBeforeItsIsolationBound() {
        active();
        ticks(0, 2200, OTHERS_CARRY_ON);
        var halfway = new WitnessView(true, 2, 1, 1);
        assertThat(ticks(2300, 2300, halfway)).isEqualTo(-1);

        assertThat(ticks(2400, 2400, OTHERS_CUT_OFF)).isEqualTo(2400);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.FROZEN);
    }

    @Test
    void shouldServeAgainUnderTheSameIncarnationWhenAcknowledgedWhileFrozen() {
        active();
        ticks(0, 2100, OTHERS_CUT_OFF);
        ticks(2200, 30_000, OTHERS_CUT_OFF);

        var back = ack(30_000, 30_010);

        assertThat(back.transition()).hasValueSatisfying(t -> {
            assertThat(t.from()).isEqualTo(AgentMode.FROZEN);
            assertThat(t.to()).isEqualTo(AgentMode.ACTIVE);
            assertThat(t.why()).contains("serves again with everything it kept");
        });
        assertThat(lifecycle.incarnation()).isEqualTo("inc-1");
        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(32_010));
        assertThat(ticks(30_100, 32_000, OTHERS_CARRY_ON)).as("in good standing again").isEqualTo(-1);
    }

    @Test
    void shouldNotServeAgainOnTheLateAcknowledgementOfAHeartbeatSentDuringTheOutage() {
        active();
        ticks(0, 2100, OTHERS_CUT_OFF);

        // the producer delivers, when the broker is back, a heartbeat it sent 2.5 s before
        var late = ack(20_000, 22_500);

        assertThat(late.transition()).isEmpty();
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.FROZEN);
        assertThat(ack(22_600, 22_610).transition()).hasValueSatisfying(
                t -> assertThat(t.to()).isEqualTo(AgentMode.ACTIVE));
    }

    @Test
    void shouldFenceAFrozenAgentOnceMostOthersHaveBeenAcknowledgedForTheRecoveryGraceWhileItIsNot() {
        active();
        ticks(0, 2100, OTHERS_CUT_OFF);
        ticks(2200, 10_000, OTHERS_CUT_OFF);

        var back = tick(10_100, OTHERS_CARRY_ON);
        assertThat(back.transition()).isEmpty();
        assertThat(back.notice()).hasValueSatisfying(n -> assertThat(n).contains("the others are back"));
        assertThat(ticks(10_200, 15_000, OTHERS_CARRY_ON)).isEqualTo(-1);

        var fence = tick(15_100, OTHERS_CARRY_ON).transition().orElseThrow();

        assertThat(fence.from()).isEqualTo(AgentMode.FROZEN);
        assertThat(fence.to()).isEqualTo(AgentMode.SELF_FENCED);
        assertThat(fence.why()).contains("now it is the one cut off");
    }

    @Test
    void shouldStartTheConfirmationAgainWhenTheOthersAreCutOffAgainMeanwhile() {
        active();
        ticks(0, 2100, OTHERS_CUT_OFF);
        ticks(10_000, 14_500, OTHERS_CARRY_ON);
        tick(14_600, OTHERS_CUT_OFF);

        assertThat(ticks(14_700, 19_600, OTHERS_CARRY_ON)).isEqualTo(-1);
        assertThat(ticks(19_700, 19_700, OTHERS_CARRY_ON)).isEqualTo(19_700);
    }

    @Test
    void shouldFenceAFrozenAgentAtOnceWhenItsOwnSlotCanNoLongerBeWritten() {
        active();
        ticks(0, 2100, OTHERS_CUT_OFF);
        ticks(2200, 5_000, OTHERS_CUT_OFF);

        var fence = tick(5_100, OWN_NOT_WRITTEN).transition().orElseThrow();

        assertThat(fence.to()).isEqualTo(AgentMode.SELF_FENCED);
        assertThat(fence.why()).contains("own witness slot can no longer be written");
    }

    @Test
    void shouldReportKafkaReachableWhileAcknowledgedWithinHalfTheIsolationTimeoutAndNeverWhenFrozen() {
        assertThat(lifecycle.kafkaReachable(at(0))).isFalse();
        active();

        assertThat(lifecycle.kafkaReachable(at(1004))).isTrue();
        assertThat(lifecycle.kafkaReachable(at(1005))).isFalse();

        ticks(0, 2100, OTHERS_CUT_OFF);
        ack(2000, 2150); // timely: it serves again
        assertThat(lifecycle.kafkaReachable(at(2160))).isTrue();
        ticks(2200, 4300, OTHERS_CUT_OFF);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.FROZEN);
        ack(1000, 4310); // a late one: still frozen
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.FROZEN);
        assertThat(lifecycle.kafkaReachable(at(4320))).isFalse();
    }

    @Test
    void shouldAskForTheWitnessOnlyPastItsDeadlineOrWhileFrozen() {
        assertThat(lifecycle.needsWitness(at(10_000))).as("starting").isFalse();
        active();
        assertThat(lifecycle.needsWitness(at(2004))).isFalse();
        assertThat(lifecycle.needsWitness(at(2005))).isTrue();
        tick(2100, OTHERS_CUT_OFF);
        assertThat(lifecycle.needsWitness(at(2200))).isTrue();
        tick(2200, OWN_NOT_WRITTEN);
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.SELF_FENCED);
        assertThat(lifecycle.needsWitness(at(2300))).isFalse();
    }
}

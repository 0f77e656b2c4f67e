package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The agent's modes and its isolation watch on a fake monotonic clock, in milliseconds from 0. Isolation timeout I =
 * 2000 ms, lag allowance C = 500 ms, watch period 100 ms: the isolation bound is 2500 ms after sending.
 */
class AgentLifecycleTest {

    static final Duration TIMEOUT = Duration.ofMillis(2000);
    static final Duration ALLOWANCE = Duration.ofMillis(500);
    static final Duration PERIOD = Duration.ofMillis(100);
    static final AgentLifecycle.Settings SETTINGS = new AgentLifecycle.Settings(TIMEOUT, ALLOWANCE, PERIOD);

    AgentLifecycle lifecycle = new AgentLifecycle("inc-1", SETTINGS);

    static MonotonicTime at(long millis) {
        return MonotonicTime.ofMillis(millis);
    }

    /** The heartbeat of {@code incarnation} sent at {@code sentAt} is acknowledged at {@code receivedAt}. */
    AgentLifecycle.Result ack(String incarnation, long sentAt, long receivedAt) {
        return lifecycle.on(new AgentLifecycle.HeartbeatAcknowledged(incarnation, at(sentAt)), at(receivedAt));
    }

    AgentLifecycle.Result ack(long sentAt, long receivedAt) {
        return ack("inc-1", sentAt, receivedAt);
    }

    /** True if the tick at {@code millis} makes the agent fence itself. */
    boolean tick(long millis) {
        return lifecycle.on(new AgentLifecycle.Tick(), at(millis)).transition()
                .filter(t -> t.to() == AgentMode.SELF_FENCED).isPresent();
    }

    /** Ticks every watch period from {@code from} to {@code to} inclusive; the time of the tick that fenced, or -1. */
    long ticks(long from, long to) {
        for (long t = from; t <= to; t += PERIOD.toMillis()) {
            if (tick(t)) {
                return t;
            }
        }
        return -1;
    }

    @Test
    void shouldServeOnceTheFirstHeartbeatIsAcknowledged() {
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.STARTING);

        var result = ack(0, 5);

        assertThat(result.transition()).hasValueSatisfying(t -> {
            assertThat(t.from()).isEqualTo(AgentMode.STARTING);
            assertThat(t.to()).isEqualTo(AgentMode.ACTIVE);
        });
    }

    @Test
    void shouldNeverFenceItselfBeforeAnyHeartbeatWasAcknowledged() {
        assertThat(ticks(0, 60_000)).isEqualTo(-1);
        assertThat(tick(120_000)).as("a stall while starting").isFalse();
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.STARTING);
    }

    @Test
    void shouldStayStartingWhenTheFirstAcknowledgementComesTooLateAndServeOnATimelyOne() {
        ticks(0, 4900);
        var late = ack(0, 5000); // a busy machine: the first acknowledgement took 5 s

        assertThat(late.transition()).isEmpty();
        assertThat(late.notice()).hasValueSatisfying(n -> assertThat(n).contains("5000 ms").contains("too late"));
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.STARTING);
        assertThat(ticks(5000, 9000)).as("never fences while starting").isEqualTo(-1);
        var stillLate = ack(6000, 8100); // within the isolation bound, but not within the timeout: not enough to begin

        assertThat(stillLate.transition()).isEmpty();
        assertThat(stillLate.notice()).as("told once").isEmpty();
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.STARTING);

        var timely = ack(8900, 9010);

        assertThat(timely.transition()).hasValueSatisfying(t -> assertThat(t.to()).isEqualTo(AgentMode.ACTIVE));
        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(11_010));
        assertThat(ticks(9100, 10_900)).isEqualTo(-1);
    }

    @Test
    void shouldBeginServingOnlyWithAnAcknowledgementWithinTheTimeoutButKeepServingWithinTheBound() {
        assertThat(ack(0, 2100).transition()).as("2.1 s: too late to begin").isEmpty();
        assertThat(ack(2000, 3900).transition()).as("1.9 s: begins, with 600 ms of good standing")
                .hasValueSatisfying(t -> assertThat(t.to()).isEqualTo(AgentMode.ACTIVE));
        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(4500));

        ack(2500, 4800); // 2.3 s late: keeps it serving
        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(5000));
        assertThat(ticks(4800, 4900)).isEqualTo(-1);
        assertThat(tick(5000)).isTrue();
    }

    @Test
    void shouldFenceItselfAnIsolationTimeoutAfterItReceivedTheLastAcknowledgement() {
        ack(0, 5);

        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(2005));
        assertThat(ticks(0, 2000)).isEqualTo(-1);
        var transition = lifecycle.on(new AgentLifecycle.Tick(), at(2100)).transition();

        assertThat(transition).hasValueSatisfying(t -> {
            assertThat(t.to()).isEqualTo(AgentMode.SELF_FENCED);
            assertThat(t.why()).contains("isolation timeout 2000 ms")
                    .contains("last acknowledged heartbeat sent 2100 ms ago, acknowledged 2095 ms ago");
        });
    }

    @Test
    void shouldCountALateAcknowledgementFromNoMoreThanTheAllowanceAfterItsHeartbeatWasSent() {
        ack(0, 5);
        ack(500, 1900); // sent at 500, acknowledged 1400 ms later: counts from 500 + 500

        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(3000));
        assertThat(tick(2999)).isFalse();
        assertThat(tick(3000)).isTrue();
    }

    @Test
    void shouldMeasureFromTheSendingTimeAloneWithoutAnAllowance() {
        lifecycle = new AgentLifecycle("inc-1", new AgentLifecycle.Settings(TIMEOUT, Duration.ZERO, PERIOD));
        ack(0, 5);
        ack(500, 1900);

        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(2500));
        assertThat(tick(2400)).isFalse();
        assertThat(tick(2600)).as("no grace after a stall either").isTrue();
    }

    @Test
    void shouldStayActiveWhileHeartbeatsAreAcknowledged() {
        ack(0, 5);
        for (long t = 0; t <= 10_000; t += 500) {
            ack(t, t + 50);
            assertThat(tick(t + 100)).as("tick at %d", t + 100).isFalse();
        }
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.ACTIVE);
    }

    @Test
    void shouldTolerateAcknowledgementsSlowerThanTheIsolationTimeoutUpToTheAllowance() {
        ack(0, 5);
        for (long t = 0; t <= 20_000; t += 100) {
            ack(t - 2300, t); // every acknowledgement arrives 2.3 s after its heartbeat was sent
            assertThat(tick(t + 50)).as("tick at %d", t + 50).isFalse();
        }

        // 2.6 s: more than the isolation bound; the watch cannot tell that from a cut
        for (long t = 20_100; t <= 22_000; t += 100) {
            ack(t - 2600, t);
            if (tick(t + 50)) {
                return;
            }
        }
        throw new AssertionError("acknowledgements later than the isolation bound must make the agent fence");
    }

    @Test
    void shouldNotFenceAfterAThreeSecondStallWhenAcknowledgementsArriveRightAfter() {
        ack(0, 5);
        for (long t = 0; t <= 1000; t += 100) {
            ack(t, t + 5);
            tick(t + 10);
        }
        // the agent stalls from 1010 to 4010 (a GC pause, SIGSTOP, a starved CPU): no tick, no acknowledgement
        var late = lifecycle.on(new AgentLifecycle.Tick(), at(4010));

        assertThat(late.transition()).as("the gap it slept through is its own stall").isEmpty();
        assertThat(late.notice()).hasValueSatisfying(n -> assertThat(n).contains("stalled for 2900 ms")
                .contains("waiting 500 ms"));
        // what was in flight is acknowledged now, and what it sends now too
        ack(1000, 4015);
        ack(4010, 4020);
        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(6020));
        for (long t = 4020; t <= 20_000; t += 100) {
            ack(t, t + 5);
            assertThat(tick(t + 10)).isFalse();
        }
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.ACTIVE);
    }

    @Test
    void shouldKeepServingWhenTheOnlyAcknowledgementAfterAStallIsOfAHeartbeatSentDuringIt() {
        ack(0, 5);
        ticks(0, 1000);
        assertThat(tick(4000)).isFalse(); // the watch and the acknowledgements stalled, the heartbeat timer did not

        ack(3500, 4050);

        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(6000));
        assertThat(ticks(4100, 5900)).isEqualTo(-1);
    }

    @Test
    void shouldFenceAfterTheGraceWhenNoAcknowledgementFollowsAStall() {
        ack(0, 5);
        ticks(0, 1000);

        assertThat(tick(4000)).isFalse();
        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(4500));
        ack(1000 - 2000, 4100); // only a stale acknowledgement: no good standing, no second grace
        assertThat(ticks(4100, 4400)).isEqualTo(-1);
        assertThat(tick(4500)).isTrue();
    }

    @Test
    void shouldNeverStretchTheIsolationBoundForAStallThatEndsBeforeIt() {
        ack(0, 5);
        ticks(0, 1000);

        assertThat(tick(2200)).as("stalled across the deadline of 2005").isFalse();

        assertThat(lifecycle.isolationDeadline()).as("the grace ends at the bound, 2500, not at 2200 + 500")
                .isEqualTo(at(2500));
        assertThat(ticks(2300, 2400)).isEqualTo(-1);
        assertThat(tick(2500)).isTrue();
    }

    @Test
    void shouldNotLetRepeatedStallsPostponeTheFenceWhenNoAcknowledgementArrives() {
        ack(0, 5);
        ticks(0, 1900);

        assertThat(tick(2900)).as("first stall: a grace").isFalse();
        assertThat(tick(3900)).as("second stall, no acknowledgement: no second grace").isTrue();
    }

    @Test
    void shouldGrantAGraceAgainOnlyAfterTheNodeWasBackInGoodStanding() {
        ack(0, 5);
        ticks(0, 1000);
        assertThat(tick(4000)).isFalse();
        ack(4000, 4010);
        ticks(4100, 5000);

        assertThat(tick(8000)).as("a new stall after a timely acknowledgement gets its own grace").isFalse();
        assertThat(tick(8400)).isFalse();
        assertThat(tick(8500)).isTrue();
    }

    /**
     * Whatever the rhythm of its ticks, an agent that hears nothing after its last acknowledgement fences no earlier
     * than its deadline, and no later than the first tick at or after the bound of ADR 0014: the isolation bound
     * (sent + 2500) when the first tick past its deadline came before that bound, else that tick + the allowance.
     */
    @Test
    void shouldFenceWithinTheBoundWhateverTheStalls() {
        Random random = new Random(20261127);
        int graces = 0;
        for (int run = 0; run < 5000; run++) {
            lifecycle = new AgentLifecycle("inc-1", SETTINGS);
            long sentAt = random.nextInt(1000);
            long receivedAt = sentAt + random.nextInt(3000);
            tick(0);
            ack(sentAt, receivedAt);
            if (lifecycle.mode() != AgentMode.ACTIVE) {
                continue; // acknowledged later than the isolation bound: never served
            }
            long deadline = Math.min(receivedAt, sentAt + 500) + 2000;
            long t = receivedAt;
            long firstPastDeadline = -1;
            boolean fenced = false;
            while (!fenced) {
                t += random.nextInt(4) == 0 ? random.nextInt(4000) : 100;
                fenced = tick(t);
                if (t >= deadline && firstPastDeadline < 0) {
                    firstPastDeadline = t;
                }
                if (fenced) {
                    assertThat(t).as("run %d: not before the deadline", run).isGreaterThanOrEqualTo(deadline);
                } else if (firstPastDeadline >= 0) {
                    graces++;
                    long bound = firstPastDeadline < sentAt + 2500 ? sentAt + 2500 : firstPastDeadline + 500;
                    assertThat(t).as("run %d: a tick at or after the bound %d fences", run, bound).isLessThan(bound);
                }
            }
        }
        assertThat(graces).as("stalls across the deadline were drawn").isPositive();
    }

    @Test
    void shouldIgnoreAcknowledgementsOfAnEarlierIncarnation() {
        ack(0, 5);
        tick(2100);
        lifecycle.beginIncarnation("inc-2");

        assertThat(ack("inc-1", 2000, 2100).transition()).isEmpty();
        assertThat(lifecycle.on(new AgentLifecycle.StatusAcknowledged("inc-1", AgentMode.SELF_FENCED), at(2100))
                .transition()).isEmpty();
        assertThat(lifecycle.mode()).isEqualTo(AgentMode.SELF_FENCED);
    }

    @Test
    void shouldServeAgainOnlyOnceTheSelfFenceIsReportedAndHeartbeatsOfTheNewIncarnationFlow() {
        ack(0, 5);
        tick(2100);
        lifecycle.beginIncarnation("inc-2");

        assertThat(ack("inc-2", 5000, 5010).transition()).isEmpty();
        assertThat(lifecycle.on(new AgentLifecycle.StatusAcknowledged("inc-2", AgentMode.ACTIVE), at(5020))
                .transition()).isEmpty();
        var back = lifecycle.on(new AgentLifecycle.StatusAcknowledged("inc-2", AgentMode.SELF_FENCED), at(5030));

        assertThat(back.transition()).hasValueSatisfying(t -> {
            assertThat(t.from()).isEqualTo(AgentMode.SELF_FENCED);
            assertThat(t.to()).isEqualTo(AgentMode.ACTIVE);
        });
        assertThat(lifecycle.isolationDeadline()).isEqualTo(at(7010));
    }

    @Test
    void shouldNotServeAgainOnAReportedSelfFenceWhoseHeartbeatsAreNoLongerCurrent() {
        ack(0, 5);
        tick(2100);
        lifecycle.beginIncarnation("inc-2");
        ack("inc-2", 5000, 5010);

        var reported = lifecycle.on(new AgentLifecycle.StatusAcknowledged("inc-2", AgentMode.SELF_FENCED),
                at(9000));

        assertThat(reported.transition()).isEmpty();
        assertThat(ack("inc-2", 8900, 9010).transition())
                .hasValueSatisfying(t -> assertThat(t.to()).isEqualTo(AgentMode.ACTIVE));
    }
}

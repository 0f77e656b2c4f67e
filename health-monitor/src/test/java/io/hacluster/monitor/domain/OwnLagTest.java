package io.hacluster.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHealthEvent.NodeSuspected;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;

/**
 * The monitor's own lag is not a node's silence (ADR 0025): measured on a fake monotonic clock, it extends the
 * deadlines of the nodes by what it stalled or fell behind since their last heartbeat, at most
 * {@code max-lag-extension} (5 s by default).
 */
class OwnLagTest {

    private static final Duration TICK = Duration.ofMillis(100);
    /**
     * The defaults, but declarations do not wait for a quorum: these tests judge one node at a time, whose silence
     * alone would be a lost quorum (QuorumTest covers that).
     */
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().withQuorum(NoQuorumPolicy.IGNORE,
            Duration.ofMinutes(10));
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    // ------------------------------------------------------------------------------------------ measuring

    @Test
    void shouldCountALateTickAsAStallOfTheGapLessOneInterval() {
        OwnLag lag = new OwnLag(TICK);
        lag.tick(ms(0));

        assertThat(lag.tick(ms(100))).isZero();
        assertThat(lag.tick(ms(290))).isZero(); // less than two intervals: jitter, not a stall
        assertThat(lag.tick(ms(2490))).isEqualTo(ms(2100));
        assertThat(lag.tick(ms(2500))).isZero(); // a fixed-rate timer catching up
        assertThat(lag.tick(ms(2800))).isEqualTo(ms(200));

        assertThat(lag.reading().stalled()).isEqualTo(ms(2300));
    }

    @Test
    void shouldMeasureTheConsumersLagAsTheDelayCommonToEveryHeartbeatWithoutComparingClocks() {
        OwnLag lag = new OwnLag(TICK);
        // two nodes whose clocks are 40 s and -7 s off the monitor's; transit 5 ms
        long offA = 40_000;
        long offB = -7_000;
        for (int i = 0; i < 10; i++) {
            lag.delivered("a", sent(i * 500 + offA), ms(i * 500 + 5));
            lag.delivered("b", sent(i * 500 + offB), ms(i * 500 + 5));
            lag.tick(ms(i * 500 + 10));
        }
        assertThat(lag.reading().consumerLag()).isZero();

        // the consumer falls 1.5 s behind: the heartbeats sent at 5000 are consumed at 6505
        lag.delivered("a", sent(5000 + offA), ms(6505));
        lag.delivered("b", sent(5000 + offB), ms(6505));
        lag.tick(ms(6510));
        assertThat(lag.reading().consumerLag()).isEqualTo(ms(1500));

        // one slow node is not the consumer: the least delay counts
        lag.delivered("a", sent(5500 + offA), ms(9000));
        lag.delivered("b", sent(5500 + offB), ms(6600));
        lag.tick(ms(9010));
        assertThat(lag.reading().consumerLag()).isEqualTo(ms(1095));

        // nothing consumed since: the last measure stands
        lag.tick(ms(9110));
        assertThat(lag.reading().consumerLag()).isEqualTo(ms(1095));
    }

    // ------------------------------------------------------------------------------------------ judging with it

    @Test
    void shouldNotCountTheMonitorsOwnStallAsANodesSilence() {
        Fixture f = new Fixture(SETTINGS);
        Instant last = f.settle("node-1");

        // the monitor stands still for 2 s right after the last heartbeat (measured at its next tick)
        OwnLag.Reading stalled = new OwnLag.Reading(Duration.ofSeconds(2), Duration.ZERO);
        assertThat(f.evaluate(last.plusMillis(2800), stalled)).isEmpty(); // 0.8 s of real silence: not suspected
        assertThat(f.evaluate(last.plusMillis(2900), stalled)).singleElement().isInstanceOf(NodeSuspected.class);
        assertThat(f.evaluate(last.plusMillis(4999), stalled)).isEmpty();

        List<NodeHealthEvent> failed = f.evaluate(last.plusMillis(5000), stalled);

        assertThat(failed).singleElement().isInstanceOfSatisfying(NodeFailed.class, e -> {
            assertThat(e.lastHeartbeatAt()).isEqualTo(last);
            assertThat(e.reason()).contains("deadlines extended by 2000 ms for this monitor's own lag");
        });
    }

    @Test
    void shouldAllowOnlyForTheLagSinceTheNodesLastHeartbeat() {
        Fixture f = new Fixture(SETTINGS);
        // a stall of 4 s before the node's last heartbeat: history, not silence
        f.reading = new OwnLag.Reading(Duration.ofSeconds(4), Duration.ofMillis(700));
        Instant last = f.settle("node-1");

        assertThat(f.evaluate(last.plusMillis(3000), f.reading)).last().isInstanceOf(NodeFailed.class);
    }

    @Test
    void shouldAllowForAConsumerThatFellBehindSinceTheNodesLastHeartbeatButNotForAConstantLag() {
        Fixture f = new Fixture(SETTINGS);
        f.reading = new OwnLag.Reading(Duration.ZERO, Duration.ofMillis(800)); // always 800 ms behind: no matter
        Instant last = f.settle("node-1");

        OwnLag.Reading behind = new OwnLag.Reading(Duration.ZERO, Duration.ofMillis(2300)); // 1.5 s more since
        assertThat(f.evaluate(last.plusMillis(4499), behind)).noneMatch(e -> e instanceof NodeFailed);
        assertThat(f.evaluate(last.plusMillis(4500), behind)).last().isInstanceOf(NodeFailed.class);
    }

    @Test
    void shouldExtendTheDeadlinesByNoMoreThanTheBound() {
        Fixture f = new Fixture(SETTINGS.withMaxLagExtension(Duration.ofSeconds(5)));
        Instant last = f.settle("node-1");

        OwnLag.Reading stalled = new OwnLag.Reading(Duration.ofSeconds(60), Duration.ZERO);
        assertThat(f.evaluate(last.plusMillis(7999), stalled)).noneMatch(e -> e instanceof NodeFailed);
        assertThat(f.evaluate(last.plusMillis(8000), stalled)).last().isInstanceOf(NodeFailed.class);
    }

    @Test
    void shouldJudgeAsBeforeWithTheExtensionTurnedOff() {
        Fixture f = new Fixture(SETTINGS.withMaxLagExtension(Duration.ZERO));
        Instant last = f.settle("node-1");

        OwnLag.Reading stalled = new OwnLag.Reading(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(f.evaluate(last.plusMillis(3000), stalled)).last().isInstanceOf(NodeFailed.class);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static Instant sent(long millis) {
        return T0.plusMillis(millis);
    }

    private static final class Fixture {

        final FailureDetector detector;
        Instant now = T0;
        OwnLag.Reading reading = OwnLag.Reading.NONE;
        long seq;

        Fixture(DetectorSettings settings) {
            detector = new FailureDetector(settings, nodeId -> 0);
            detector.assign(Set.of(0), now);
        }

        /** 20 heartbeats 500 ms apart, an evaluation with {@link #reading} after each; returns the last arrival. */
        Instant settle(String nodeId) {
            Instant last = now;
            for (int i = 0; i < 20; i++) {
                last = now;
                detector.heartbeat(new NodeHeartbeat(nodeId, "inc-1", ++seq, now, 500, 2000, Resources.NONE,
                        Resources.NONE), now);
                detector.evaluate(now, reading);
                now = now.plusMillis(500);
            }
            return last;
        }

        List<NodeHealthEvent> evaluate(Instant at, OwnLag.Reading lag) {
            List<NodeHealthEvent> events = new ArrayList<>(detector.evaluate(at, lag).events());
            return events;
        }
    }
}

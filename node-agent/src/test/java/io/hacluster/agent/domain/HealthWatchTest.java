package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hacluster.events.HealthCheck;

/** The counting of a container's health checks, on a fake monotonic clock (milliseconds from 0). */
class HealthWatchTest {

    static final HealthCheck CHECK = new HealthCheck(List.of("/bin/sh", "-c", "test -f ready"), 1000, 500, 3);
    static final HealthWatch.Settings SETTINGS = HealthWatch.Settings.of(CHECK).orElseThrow();

    static MonotonicTime at(long millis) {
        return MonotonicTime.ofMillis(millis);
    }

    HealthWatch watch = HealthWatch.begin(SETTINGS, at(0));

    /** Runs one check at {@code millis} (it must be due) that ends with {@code result}. */
    HealthWatch.Verdict run(long millis, HealthWatch.Result result) {
        assertThat(watch.due(at(millis))).as("due at %d", millis).isTrue();
        watch = watch.started(at(millis));
        HealthWatch.Step step = watch.finished(result);
        watch = step.next();
        return step.verdict();
    }

    static HealthWatch.Failed exit1() {
        return new HealthWatch.Failed(HealthWatch.exitReason(1, "not ready\nsecond line"));
    }

    @Test
    void shouldRunTheFirstCheckOneIntervalAfterTheContainerStartedAndThenEveryInterval() {
        assertThat(watch.due(at(999))).isFalse();
        assertThat(watch.due(at(1000))).isTrue();

        watch = watch.started(at(1030));
        assertThat(watch.due(at(5000))).as("never two runs at once").isFalse();
        watch = watch.finished(new HealthWatch.Passed()).next();

        assertThat(watch.due(at(2029))).isFalse();
        assertThat(watch.due(at(2030))).isTrue();
    }

    @Test
    void shouldDeclareTheContainerUnhealthyAfterTheThresholdOfFailuresInARow() {
        assertThat(run(1000, exit1())).isEqualTo(new HealthWatch.Failing(1, "exit code 1: not ready"));
        assertThat(run(2000, exit1())).isEqualTo(new HealthWatch.Failing(2, "exit code 1: not ready"));
        HealthWatch.Verdict third = run(3000, exit1());

        assertThat(third).isEqualTo(
                new HealthWatch.Unhealthy("health check failed 3 times in a row: exit code 1: not ready"));
    }

    @Test
    void shouldStartCountingAfreshAfterACheckThatPasses() {
        run(1000, exit1());
        run(2000, new HealthWatch.Failed("timed out after 500 ms"));
        assertThat(run(3000, new HealthWatch.Passed())).isEqualTo(new HealthWatch.Healthy());

        assertThat(run(4000, exit1())).isInstanceOf(HealthWatch.Failing.class);
        assertThat(run(5000, exit1())).isInstanceOf(HealthWatch.Failing.class);
        assertThat(run(6000, new HealthWatch.Failed("timed out after 500 ms"))).isEqualTo(
                new HealthWatch.Unhealthy("health check failed 3 times in a row: timed out after 500 ms"));
    }

    @Test
    void shouldRunAgainAtOnceWhenARunTookLongerThanTheInterval() {
        watch = watch.started(at(1000));
        watch = watch.finished(new HealthWatch.Failed("timed out after 1500 ms")).next();

        assertThat(watch.due(at(2500))).isTrue();
    }

    @Test
    void shouldMakeAnUnusableDefinitionUsable() {
        var settings = HealthWatch.Settings.of(new HealthCheck(List.of("true"), 0, 0, 0)).orElseThrow();

        assertThat(settings.interval()).isEqualTo(HealthWatch.MIN_INTERVAL);
        assertThat(settings.timeout()).isEqualTo(HealthWatch.MIN_INTERVAL);
        assertThat(settings.failureThreshold()).isEqualTo(1);
        assertThat(HealthWatch.Settings.of(new HealthCheck(List.of(), 1000, 500, 3))).as("no command, no check")
                .isEmpty();
        assertThat(HealthWatch.Settings.of(null)).isEmpty();
        assertThat(HealthWatch.begin(settings, at(0)).finished(new HealthWatch.Failed("exit code 2")).verdict())
                .isEqualTo(new HealthWatch.Unhealthy("health check failed 1 time: exit code 2"));
    }

    @Test
    void shouldKeepOnlyABoundedFirstLineOfTheOutput() {
        assertThat(HealthWatch.exitReason(1, "")).isEqualTo("exit code 1");
        assertThat(HealthWatch.exitReason(7, "\n  db down  \nstack trace")).isEqualTo("exit code 7: db down");
        String reason = HealthWatch.exitReason(1, "x".repeat(5000));
        assertThat(reason).hasSize("exit code 1: ".length() + HealthWatch.MAX_OUTPUT_CHARS + 3).endsWith("...");
        assertThat(Duration.ofMillis(CHECK.timeoutMs())).isEqualTo(SETTINGS.timeout());
    }
}

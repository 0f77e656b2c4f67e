package io.hacluster.agent.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.hacluster.events.HealthCheck;

/**
 * The health check of one running container: when its next run is due, how many runs failed in a row, and when the
 * container counts as unhealthy. Pure and immutable: the shell runs the command and feeds each result back with the
 * time; each call returns the watch's next state.
 *
 * <p>
 * A run is due {@code interval} after the container started running, then {@code interval} after the previous run
 * started; runs of one container never overlap. A failed run (non-zero exit code, timed out, could not be run) adds
 * one to the count, a passed run resets it; the container is unhealthy when the count reaches the threshold.
 *
 * @param settings the check
 * @param nextDue when the next run may start
 * @param running whether a run is in flight
 * @param failuresInARow failed runs since the last one that passed
 */
public record HealthWatch(Settings settings, MonotonicTime nextDue, boolean running, int failuresInARow) {

    /** Runs are never closer together than this, whatever the definition says. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    /** At most this much of a failed run's output goes into the container's detail. */
    public static final int MAX_OUTPUT_CHARS = 200;

    public HealthWatch {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(nextDue, "nextDue");
    }

    /**
     * A container's check, made usable: the interval is at least {@link #MIN_INTERVAL}; a timeout that is not
     * positive is the interval; a threshold below one is one.
     */
    public record Settings(List<String> command, Duration interval, Duration timeout, int failureThreshold) {

        public Settings {
            command = List.copyOf(command);
        }

        /** The settings of {@code check}; empty when there is no check or its command is empty. */
        public static Optional<Settings> of(HealthCheck check) {
            if (check == null || check.command().isEmpty()) {
                return Optional.empty();
            }
            Duration interval = Duration.ofMillis(Math.max(MIN_INTERVAL.toMillis(), check.intervalMs()));
            Duration timeout = check.timeoutMs() > 0 ? Duration.ofMillis(check.timeoutMs()) : interval;
            return Optional.of(new Settings(check.command(), interval, timeout, Math.max(1, check.failureThreshold())));
        }
    }

    /** The result of one run. */
    public sealed interface Result {
    }

    /** Exit code 0. */
    public record Passed() implements Result {
    }

    /** Anything else, and why: "exit code 1: output", "timed out after 1000 ms", "could not be run: ...". */
    public record Failed(String why) implements Result {
    }

    /** What a result means for the container. */
    public sealed interface Verdict {
    }

    /** The container is healthy: the run passed. */
    public record Healthy() implements Verdict {
    }

    /** The run failed, but fewer than the threshold in a row. */
    public record Failing(int inARow, String why) implements Verdict {
    }

    /** The threshold is reached: the container is to be stopped and reported failed with this detail. */
    public record Unhealthy(String detail) implements Verdict {
    }

    /** The watch's next state and the verdict on the container. */
    public record Step(HealthWatch next, Verdict verdict) {
    }

    /** The watch of a container that started running at {@code runningSince}. */
    public static HealthWatch begin(Settings settings, MonotonicTime runningSince) {
        return new HealthWatch(settings, runningSince.plus(settings.interval()), false, 0);
    }

    /** Whether a run is to start now. */
    public boolean due(MonotonicTime now) {
        return !running && !now.isBefore(nextDue);
    }

    /** A run starts now. */
    public HealthWatch started(MonotonicTime now) {
        return new HealthWatch(settings, now.plus(settings.interval()), true, failuresInARow);
    }

    /** The run in flight ended with {@code result}. */
    public Step finished(Result result) {
        if (result instanceof Failed failed) {
            int count = failuresInARow + 1;
            HealthWatch next = new HealthWatch(settings, nextDue, false, count);
            if (count >= settings.failureThreshold()) {
                return new Step(next, new Unhealthy("health check failed " + count
                        + (count == 1 ? " time" : " times in a row") + ": " + failed.why()));
            }
            return new Step(next, new Failing(count, failed.why()));
        }
        return new Step(new HealthWatch(settings, nextDue, false, 0), new Healthy());
    }

    /**
     * The first line of a command's output, at most {@link #MAX_OUTPUT_CHARS} characters (an ellipsis marks a cut),
     * for a failure's reason; empty for no output.
     */
    public static String firstLine(String output) {
        if (output == null) {
            return "";
        }
        String line = output.strip().lines().findFirst().orElse("").strip();
        return line.length() <= MAX_OUTPUT_CHARS ? line : line.substring(0, MAX_OUTPUT_CHARS) + "...";
    }

    /** The reason of a run that ended with a non-zero exit code and this output. */
    public static String exitReason(int exitCode, String output) {
        String line = firstLine(output);
        return "exit code " + exitCode + (line.isEmpty() ? "" : ": " + line);
    }
}

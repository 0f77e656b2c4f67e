package io.hacluster.events;

import java.util.List;

/**
 * A command the agent runs inside a container's environment to tell whether it is healthy (as Virtuozzo's
 * {@code vz-isalive}): exit code 0 is healthy.
 *
 * @param command the command line
 * @param intervalMs how often it runs
 * @param timeoutMs how long one run may take before it counts as failed
 * @param failureThreshold failed runs in a row after which the container counts as failed
 */
public record HealthCheck(List<String> command, long intervalMs, long timeoutMs, int failureThreshold) {

    public HealthCheck {
        command = command == null ? List.of() : List.copyOf(command);
    }
}

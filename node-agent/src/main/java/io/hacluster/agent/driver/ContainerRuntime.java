package io.hacluster.agent.driver;

import java.time.Duration;
import java.util.List;

import io.hacluster.agent.domain.HealthWatch;

/**
 * The port to the host's container runtime, for one node. Containers are started in the order the calls come, and
 * are tracked until they are stopped or exit by themselves (reported to the {@link ExitListener}).
 */
public interface ContainerRuntime extends AutoCloseable {

    /** Told when a container's process ends without having been asked to stop. */
    @FunctionalInterface
    interface ExitListener {

        void exited(String containerId, String detail);
    }

    /**
     * Starts a container and returns once it runs.
     *
     * @return a detail for the operator, e.g. the pid
     * @throws ContainerStartException if it could not be started
     */
    String start(ContainerLaunch launch);

    /**
     * Stops a container: gracefully, then forcibly once {@code grace} has passed. Returns once it is gone; a container
     * that does not run is left alone.
     *
     * @return how it ended, e.g. the exit code
     */
    String stop(String containerId, Duration grace);

    /** Stops every container of the node at once, forcibly (the isolation response). Returns the ids stopped. */
    List<String> killAll();

    /**
     * Runs a container's health check once, in the container's environment, and returns its result; a run that takes
     * longer than {@code timeout} is killed and counts as failed. Blocks for at most about {@code timeout}: the agent
     * calls it from threads of its own, never from its heartbeat or isolation timers.
     *
     * @param containerId a container started by this runtime
     * @param command the check's command line
     */
    HealthWatch.Result check(String containerId, List<String> command, Duration timeout);

    /** True while the container's process is alive. */
    boolean isRunning(String containerId);

    /** Stops everything and lets go of the runtime's resources. */
    @Override
    default void close() {
        killAll();
    }

    /** A container could not be started. */
    class ContainerStartException extends RuntimeException {

        public ContainerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

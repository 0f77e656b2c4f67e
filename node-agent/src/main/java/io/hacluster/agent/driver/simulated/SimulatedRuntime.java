package io.hacluster.agent.driver.simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.hacluster.agent.domain.HealthWatch;
import io.hacluster.agent.driver.ContainerLaunch;
import io.hacluster.agent.driver.ContainerRuntime;

/**
 * Containers in memory, for tests and the simulation mode: a container "runs" from its start until it is stopped, or
 * until a test makes it {@link #crash}. Starts and stops can be slowed down. Health checks pass unless a test makes a
 * container's checks fail ({@link #failChecks}); every run is counted.
 */
public final class SimulatedRuntime implements ContainerRuntime {

    private static final AtomicLong PIDS = new AtomicLong(10_000);

    private final Duration startDelay;
    private final Duration stopDelay;
    private final ExitListener listener;
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final Map<String, String> failingChecks = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> checkRuns = new ConcurrentHashMap<>();

    public SimulatedRuntime(Duration startDelay, Duration stopDelay, ExitListener listener) {
        this.startDelay = startDelay;
        this.stopDelay = stopDelay;
        this.listener = listener;
    }

    @Override
    public String start(ContainerLaunch launch) {
        Pause.of(startDelay);
        long pid = running.computeIfAbsent(launch.containerId(), id -> PIDS.incrementAndGet());
        return "simulated pid " + pid;
    }

    @Override
    public String stop(String containerId, Duration grace) {
        if (running.remove(containerId) == null) {
            return "not running";
        }
        Pause.of(stopDelay);
        return "stopped";
    }

    @Override
    public List<String> killAll() {
        List<String> killed = new ArrayList<>(running.keySet());
        running.clear();
        killed.sort(null);
        return killed;
    }

    @Override
    public HealthWatch.Result check(String containerId, List<String> command, Duration timeout) {
        checkRuns.computeIfAbsent(containerId, id -> new AtomicLong()).incrementAndGet();
        if (!running.containsKey(containerId)) {
            return new HealthWatch.Failed("container not running");
        }
        String why = failingChecks.get(containerId);
        return why == null ? new HealthWatch.Passed() : new HealthWatch.Failed(why);
    }

    /** From now on the container's health checks fail with this reason (e.g. "exit code 1: not ready"). */
    public void failChecks(String containerId, String why) {
        failingChecks.put(containerId, why);
    }

    /** From now on the container's health checks pass. */
    public void passChecks(String containerId) {
        failingChecks.remove(containerId);
    }

    /** How many times a health check of the container was run. */
    public long checkRuns(String containerId) {
        AtomicLong runs = checkRuns.get(containerId);
        return runs == null ? 0 : runs.get();
    }

    @Override
    public boolean isRunning(String containerId) {
        return running.containsKey(containerId);
    }

    /** Makes a container end by itself, as a crashing process would. */
    public void crash(String containerId, String detail) {
        if (running.remove(containerId) != null) {
            listener.exited(containerId, detail);
        }
    }
}

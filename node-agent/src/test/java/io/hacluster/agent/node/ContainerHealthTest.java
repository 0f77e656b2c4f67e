package io.hacluster.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.hacluster.agent.driver.local.ProcessRuntime;
import io.hacluster.agent.driver.local.SharedDirStorage;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.HealthCheck;
import io.hacluster.events.Resources;

/**
 * One node's agent with containers as real processes and health checks run as real commands, driven as the agent
 * process drives them (checks on threads of their own); no isolation timer runs, so whatever it reports, it reports
 * by itself.
 */
@Timeout(120)
class ContainerHealthTest {

    static final NodeAgent.Settings SETTINGS = new NodeAgent.Settings(new Resources(4000, 8192), List.of(),
            Duration.ofMillis(500), Duration.ofMillis(2000), Duration.ofMillis(500), Duration.ofHours(1), 100);

    @TempDir
    Path root;

    final RecordingOutbox outbox = new RecordingOutbox();
    final ExecutorService checkRunner = Executors.newFixedThreadPool(2);
    final ScheduledExecutorService checkTimer = Executors.newSingleThreadScheduledExecutor();
    SharedDirStorage storage;
    ProcessRuntime runtime;
    NodeAgent node;
    int commands;

    @BeforeEach
    void startNode() {
        storage = new SharedDirStorage(root);
        node = new NodeAgent("node-1", SETTINGS, storage, listener -> {
            runtime = new ProcessRuntime("node-1", root.resolve("logs"), listener);
            return runtime;
        }, outbox, Clock.systemUTC(), MonotonicClock.SYSTEM, checkRunner);
        node.sendHeartbeat();
        succeeded(node.execute(new AgentCommand.MountVolume("mount", "node-1", "fo-1", "g1", "vol-1", 1)));
        checkTimer.scheduleAtFixedRate(node::checkHealth, 0, AgentHost.CHECK_SCAN_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        checkTimer.shutdownNow();
        checkRunner.shutdownNow();
        node.shutdown();
        storage.close();
    }

    static void succeeded(CommandResult result) {
        assertThat(result).isInstanceOf(CommandResult.CommandSucceeded.class);
    }

    void start(String containerId, List<String> command, HealthCheck check) {
        succeeded(node.execute(new AgentCommand.StartContainer("start-" + (++commands), "node-1", "fo-1", "g1",
                "vol-1", 1, new ContainerSpec(containerId, 100, 64, command, check))));
    }

    Optional<ContainerStatus> reported(String containerId) {
        return outbox.lastStatus().containers().stream().filter(c -> c.containerId().equals(containerId))
                .findFirst();
    }

    @Test
    void shouldKillAContainerWhoseCheckFailsThreeTimesInARowAndKeepOneWhoseCheckPasses() throws Exception {
        Path data = storage.dataDir("vol-1").orElseThrow();
        start("sick", List.of("sleep", "600"), new HealthCheck(List.of("/bin/sh", "-c",
                "echo run >> sick.checks; echo \"not ready: $HA_CONTAINER_ID\"; exit 1"), 200, 5000, 3));
        start("well", List.of("sleep", "600"), new HealthCheck(List.of("/bin/sh", "-c",
                "echo run >> well.checks"), 200, 5000, 3));
        ProcessHandle sick = ProcessHandle.of(runtime.pid("sick")).orElseThrow();

        await().atMost(Duration.ofSeconds(60)).until(
                () -> reported("sick").map(c -> c.state() == ContainerState.FAILED).orElse(false));

        assertThat(reported("sick").orElseThrow().detail())
                .startsWith("health check failed 3 times in a row: exit code 1: not ready: sick");
        assertThat(Files.readAllLines(data.resolve("sick.checks"))).as("it ran exactly three times").hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> !sick.isAlive());
        assertThat(runtime.isRunning("sick")).isFalse();

        await().atMost(Duration.ofSeconds(60)).until(() -> lines(data.resolve("well.checks")) >= 6);
        assertThat(runtime.isRunning("well")).isTrue();
        assertThat(reported("well")).hasValueSatisfying(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
    }

    @Test
    void shouldReportAContainerThatExitsByItselfAsFailedWithItsExitCode() {
        start("short", List.of("/bin/sh", "-c", "sleep 0.2; exit 7"), null);
        Instant startedAt = Instant.now();

        await().atMost(Duration.ofSeconds(30)).until(
                () -> reported("short").map(c -> c.state() == ContainerState.FAILED).orElse(false));

        assertThat(reported("short").orElseThrow().detail()).isEqualTo("exited with code 7");
        assertThat(outbox.lastStatus().usage()).isEqualTo(Resources.NONE);
        System.out.printf("BENCHMARK node-agent: a container that exits by itself is reported FAILED %d ms after "
                + "its start (it ran 200 ms)%n", Duration.between(startedAt, Instant.now()).toMillis());
    }

    static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }
}

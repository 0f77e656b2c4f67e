package io.hacluster.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.hacluster.agent.domain.HealthWatch;
import io.hacluster.agent.driver.local.DemoWorkload;
import io.hacluster.agent.driver.local.LeaseFile;
import io.hacluster.agent.driver.local.ProcessRuntime;
import io.hacluster.agent.driver.local.SharedDirStorage;
import io.hacluster.events.ContainerSpec;

/** Containers as real OS processes on volumes of a shared root. */
@Timeout(120)
class ProcessRuntimeTest {

    @TempDir
    Path root;

    final Map<String, String> exits = new ConcurrentHashMap<>();
    final List<ProcessRuntime> runtimes = new ArrayList<>();

    ProcessRuntime runtime(String node) {
        ProcessRuntime runtime = new ProcessRuntime(node, root.resolve("logs"), (id, detail) -> exits.put(id, detail));
        runtimes.add(runtime);
        return runtime;
    }

    @AfterEach
    void stopEverything() {
        runtimes.forEach(ProcessRuntime::close);
    }

    static ContainerLaunch demo(String node, String container, long epoch, Path dataDir) {
        return new ContainerLaunch(node, new ContainerSpec(container, 100, 64, List.of()), "g1", "vol-1", epoch,
                dataDir);
    }

    static List<String[]> counterLines(Path counter) throws Exception {
        if (!Files.exists(counter)) {
            return List.of();
        }
        return Files.readAllLines(counter).stream().filter(l -> !l.isBlank()).map(l -> l.split(" ")).toList();
    }

    @Test
    void shouldStopTheOldOwnersWorkloadWhenAHigherEpochTakesTheVolumeOver() throws Exception {
        SharedDirStorage storage1 = new SharedDirStorage(root);
        SharedDirStorage storage2 = new SharedDirStorage(root);
        Path counter = DemoWorkload.counterFile(root.resolve("vol-1"), "app");
        storage1.mount("vol-1", "node-1", 1, Instant.now());
        ProcessRuntime runtime1 = runtime("node-1");
        runtime1.start(demo("node-1", "app", 1, storage1.dataDir("vol-1").orElseThrow()));
        await().atMost(Duration.ofSeconds(30)).until(() -> counterLines(counter).size() >= 3);

        // node-2 takes the volume over: node-1's workload must not write another line
        storage2.fence("vol-1", "node-2", 2, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> exits.containsKey("app"));
        storage2.mount("vol-1", "node-2", 2, Instant.now());
        ProcessRuntime runtime2 = runtime("node-2");
        runtime2.start(demo("node-2", "app", 2, storage2.dataDir("vol-1").orElseThrow()));
        int before = counterLines(counter).size();
        await().atMost(Duration.ofSeconds(30)).until(() -> counterLines(counter).size() >= before + 3);
        runtime2.stop("app", Duration.ofSeconds(5));

        assertThat(exits.get("app")).contains("exited with code " + DemoWorkload.EXIT_LEASE_LOST);
        List<String[]> lines = counterLines(counter);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(Long.parseLong(lines.get(i)[0])).as("the counter goes on from the last value")
                    .isEqualTo(i + 1);
        }
        int firstOfNode2 = 0;
        while (lines.get(firstOfNode2)[1].equals("node-1")) {
            firstOfNode2++;
        }
        assertThat(lines.subList(0, firstOfNode2)).allSatisfy(l -> assertThat(l[2]).isEqualTo("1"));
        assertThat(lines.subList(firstOfNode2, lines.size())).as("no line of node-1 once node-2 writes")
                .allSatisfy(l -> assertThat(l[1] + " " + l[2]).isEqualTo("node-2 2"));
        // and by the lease history: node-1's last line was written before node-2 fenced the volume
        List<String> history = Files.readAllLines(root.resolve("vol-1").resolve(LeaseFile.HISTORY));
        Instant fencedAt = history.stream().filter(h -> h.contains("node=node-2 action=fence"))
                .map(h -> Instant.parse(h.split(" ")[0])).findFirst().orElseThrow();
        Instant lastOfNode1 = Instant.parse(lines.get(firstOfNode2 - 1)[3]);
        assertThat(lastOfNode1).isBeforeOrEqualTo(fencedAt);
        assertThat(lines.subList(firstOfNode2, lines.size()))
                .allSatisfy(l -> assertThat(Instant.parse(l[3])).isAfterOrEqualTo(fencedAt));
    }

    @Test
    void shouldStopGracefullyAndForciblyOnceTheGracePeriodIsOver() {
        ProcessRuntime runtime = runtime("node-1");
        runtime.start(new ContainerLaunch("node-1", new ContainerSpec("polite", 1, 1, List.of("sleep", "600")), "g1",
                null, 0, null));
        runtime.start(new ContainerLaunch("node-1", new ContainerSpec("stubborn", 1, 1,
                List.of("/bin/sh", "-c", "trap '' TERM; while :; do sleep 0.1; done")), "g1", null, 0, null));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(runtime.pid("stubborn")).orElseThrow().descendants().count() >= 2);

        String polite = runtime.stop("polite", Duration.ofSeconds(10));
        String stubborn = runtime.stop("stubborn", Duration.ofMillis(500));

        assertThat(polite).contains("after SIGTERM");
        assertThat(stubborn).isEqualTo("killed after a grace period of 500 ms");
        assertThat(runtime.isRunning("polite")).isFalse();
        assertThat(runtime.isRunning("stubborn")).isFalse();
        assertThat(exits).as("a requested stop is not reported as a crash").isEmpty();
    }

    static ContainerLaunch sleeper(String container, Path dataDir) {
        return new ContainerLaunch("node-1", new ContainerSpec(container, 1, 1, List.of("sleep", "600")), "g1",
                "vol-1", 4, dataDir);
    }

    @Test
    void shouldRunAHealthCheckInTheContainersWorkingDirectoryAndEnvironment() throws Exception {
        Path data = Files.createDirectories(root.resolve("vol-1").resolve("data"));
        ProcessRuntime runtime = runtime("node-1");
        runtime.start(sleeper("app", data));

        HealthWatch.Result passed = runtime.check("app", List.of("/bin/sh", "-c",
                "test \"$PWD\" = \"$HA_DATA_DIR\" && test \"$HA_NODE_ID $HA_CONTAINER_ID $HA_GROUP_ID $HA_VOLUME_ID "
                        + "$HA_EPOCH\" = 'node-1 app g1 vol-1 4' && touch checked"),
                Duration.ofSeconds(30));
        HealthWatch.Result failed = runtime.check("app", List.of("/bin/sh", "-c", "echo not ready; echo more; exit 3"),
                Duration.ofSeconds(30));

        assertThat(passed).isEqualTo(new HealthWatch.Passed());
        assertThat(data.resolve("checked")).exists();
        assertThat(failed).isEqualTo(new HealthWatch.Failed("exit code 3: not ready"));
        assertThat(runtime.isRunning("app")).as("a check does not touch the container").isTrue();
        assertThat(exits).isEmpty();
    }

    @Test
    void shouldKillAHealthCheckThatOutlivesItsTimeoutAndCountItFailed() throws Exception {
        Path data = Files.createDirectories(root.resolve("vol-1").resolve("data"));
        ProcessRuntime runtime = runtime("node-1");
        runtime.start(sleeper("app", data));

        HealthWatch.Result result = runtime.check("app",
                List.of("/bin/sh", "-c", "echo $$ > check.pid; exec sleep 600"), Duration.ofMillis(300));

        assertThat(result).isEqualTo(new HealthWatch.Failed("timed out after 300 ms"));
        long pid = Long.parseLong(Files.readString(data.resolve("check.pid")).strip());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(runtime.isRunning("app")).isTrue();
    }

    @Test
    void shouldFailTheCheckOfAContainerThatDoesNotRun() {
        ProcessRuntime runtime = runtime("node-1");

        assertThat(runtime.check("ghost", List.of("true"), Duration.ofSeconds(1)))
                .isEqualTo(new HealthWatch.Failed("container not running"));
    }

    @Test
    void shouldKillEveryContainerOfANodeWhoseAgentIsKilled() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AgentLikeParent.class.getName(), root.toString(), "node-k"));
        Process parent = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<ProcessHandle> children = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("PIDS ")) {
                // logging of the parent
            }
            assertThat(line).as("the parent printed its containers' pids").isNotNull();
            List<ProcessHandle> containers = new ArrayList<>();
            for (String pid : line.substring(5).split(" ")) {
                containers.add(ProcessHandle.of(Long.parseLong(pid)).orElseThrow());
            }
            // the demo container's shell forks its own child a moment after it starts (later on a busy machine)
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                children.clear();
                for (ProcessHandle c : containers) {
                    children.add(c);
                    children.addAll(c.descendants().toList());
                }
                assertThat(children).hasSizeGreaterThanOrEqualTo(3)
                        .allSatisfy(c -> assertThat(c.isAlive()).isTrue());
            });

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            parent.waitFor();
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(children)
                .allSatisfy(c -> assertThat(c.isAlive()).as("pid %d", c.pid()).isFalse()));
    }
}

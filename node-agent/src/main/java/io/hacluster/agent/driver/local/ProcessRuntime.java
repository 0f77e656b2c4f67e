package io.hacluster.agent.driver.local;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.hacluster.agent.domain.HealthWatch;
import io.hacluster.agent.driver.ContainerLaunch;
import io.hacluster.agent.driver.ContainerRuntime;

/**
 * Containers as OS processes. A container's command comes from its definition; an empty command runs the built-in
 * {@link DemoWorkload} with this JVM's java binary. Every container gets a pipe as standard input that the agent holds
 * open and never writes: when the agent dies, even by SIGKILL, the pipe closes and the container ends (the demo
 * workload watches it itself; any other command runs under a small {@code /bin/sh} guard that kills it on end of
 * input). A stop sends SIGTERM to the container's process tree, then SIGKILL once the grace period has passed.
 * A health check runs as a process of its own, in the container's working directory and with its environment, under
 * the same guard; one that outlives its timeout is killed with its process tree.
 */
public final class ProcessRuntime implements ContainerRuntime {

    private static final Logger LOG = Logger.getLogger(ProcessRuntime.class);

    /**
     * Runs {@code "$@"} with its input closed and kills it when the guard's own input (the agent's pipe) ends.
     */
    static final String GUARD = "exec 3<&0 0</dev/null\n"
            + "\"$@\" 3<&- &\n"
            + "child=$!\n"
            + "( cat <&3 >/dev/null; kill -KILL $child 2>/dev/null ) &\n"
            + "watcher=$!\n"
            + "exec 3<&-\n"
            + "trap 'kill -TERM $child 2>/dev/null' TERM\n"
            + "wait $child\n"
            + "status=$?\n"
            + "while kill -0 $child 2>/dev/null; do wait $child; status=$?; done\n"
            + "kill $watcher 2>/dev/null\n"
            + "exit $status\n";

    private final String nodeId;
    private final Path logDir;
    private final ExitListener listener;
    private final Map<String, Container> running = new ConcurrentHashMap<>();

    private static final class Container {

        final String id;
        final Process process;
        final Path directory;
        final Map<String, String> environment;
        volatile boolean stopRequested;

        Container(String id, Process process, Path directory, Map<String, String> environment) {
            this.id = id;
            this.process = process;
            this.directory = directory;
            this.environment = environment;
        }
    }

    public ProcessRuntime(String nodeId, Path logDir, ExitListener listener) {
        this.nodeId = nodeId;
        this.logDir = logDir.resolve(nodeId);
        this.listener = listener;
    }

    @Override
    public String start(ContainerLaunch launch) {
        Container existing = running.get(launch.containerId());
        if (existing != null && existing.process.isAlive()) {
            return "pid " + existing.process.pid();
        }
        List<String> command = launch.spec().command().isEmpty()
                ? demoCommand(launch)
                : guarded(launch.spec().command());
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(launch.containerId() + ".log")
                            .toFile()));
            if (launch.dataDir() != null) {
                builder.directory(launch.dataDir().toFile());
            }
            Map<String, String> env = environment(launch);
            builder.environment().putAll(env);
            Process process = builder.start();
            Container container = new Container(launch.containerId(), process, launch.dataDir(), env);
            running.put(launch.containerId(), container);
            process.onExit().thenAccept(p -> exited(container));
            LOG.infof("node %s: container %s started, pid %d: %s", nodeId, launch.containerId(), process.pid(),
                    command);
            return "pid " + process.pid();
        } catch (IOException | RuntimeException e) {
            throw new ContainerStartException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** The variables a container's process (and its health check) gets on top of the agent's environment. */
    private Map<String, String> environment(ContainerLaunch launch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HA_NODE_ID", nodeId);
        env.put("HA_CONTAINER_ID", launch.containerId());
        env.put("HA_GROUP_ID", launch.groupId() == null ? "" : launch.groupId());
        env.put("HA_VOLUME_ID", launch.volumeId() == null ? "" : launch.volumeId());
        env.put("HA_EPOCH", Long.toString(launch.epoch()));
        env.put("HA_DATA_DIR", launch.dataDir() == null ? "" : launch.dataDir().toString());
        return Map.copyOf(env);
    }

    @Override
    public HealthWatch.Result check(String containerId, List<String> command, Duration timeout) {
        Container container = running.get(containerId);
        if (container == null || !container.process.isAlive()) {
            return new HealthWatch.Failed("container not running");
        }
        Path output = logDir.resolve(containerId + ".check.out");
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(guarded(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
            if (container.directory != null) {
                builder.directory(container.directory.toFile());
            }
            builder.environment().putAll(container.environment);
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return new HealthWatch.Failed("could not be run: " + e.getMessage());
        }
        try {
            if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                List<ProcessHandle> tree = tree(process.toHandle());
                tree.forEach(ProcessHandle::destroyForcibly);
                awaitGone(tree, Duration.ofSeconds(10));
                return new HealthWatch.Failed("timed out after " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree(process.toHandle()).forEach(ProcessHandle::destroyForcibly);
            return new HealthWatch.Failed("interrupted");
        } finally {
            closeInput(process, containerId);
        }
        int code = process.exitValue();
        return code == 0 ? new HealthWatch.Passed() : new HealthWatch.Failed(HealthWatch.exitReason(code, head(output)));
    }

    /** The beginning of a check's output, enough for its first line. */
    private static String head(Path output) {
        try (var in = Files.newInputStream(output)) {
            return new String(in.readNBytes(4 * HealthWatch.MAX_OUTPUT_CHARS), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void exited(Container container) {
        running.remove(container.id, container);
        closeInput(container);
        if (!container.stopRequested) {
            int code = container.process.exitValue();
            String detail = "exited with code " + code
                    + (code == DemoWorkload.EXIT_LEASE_LOST ? " (lease lost: the volume was taken over)" : "");
            listener.exited(container.id, detail);
        }
    }

    private List<String> demoCommand(ContainerLaunch launch) {
        if (launch.dataDir() == null) {
            throw new ContainerStartException(
                    "the demo workload needs a volume with files (agent.storage.driver=shared-dir)", null);
        }
        Path volumeDir = launch.dataDir().getParent();
        List<String> command = new ArrayList<>(javaCommand(DemoWorkload.class));
        command.addAll(List.of("--node", nodeId, "--epoch", Long.toString(launch.epoch()), "--volume-dir",
                volumeDir.toString(), "--container", launch.containerId()));
        return command;
    }

    /** The command line that runs {@code mainClass} with this JVM's java binary, small and quick to start. */
    public static List<String> javaCommand(Class<?> mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                classpathOf(mainClass), mainClass.getName());
    }

    private static String classpathOf(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                return Path.of(source.getLocation().toURI()).toString();
            }
        } catch (URISyntaxException | RuntimeException e) {
            LOG.debugf("no code source for %s: %s", type.getName(), e.getMessage());
        }
        return System.getProperty("java.class.path");
    }

    private static List<String> guarded(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", GUARD, "ha-container"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public String stop(String containerId, Duration grace) {
        Container container = running.get(containerId);
        if (container == null) {
            return "not running";
        }
        container.stopRequested = true;
        ProcessHandle root = container.process.toHandle();
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroy);
        String how;
        if (awaitGone(tree, grace)) {
            how = exitOf(container.process) + " after SIGTERM";
        } else {
            List<ProcessHandle> survivors = tree(root);
            survivors.addAll(tree);
            survivors.forEach(ProcessHandle::destroyForcibly);
            if (!awaitGone(survivors, Duration.ofSeconds(10))) {
                List<Long> alive = survivors.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
                LOG.errorf("container %s: processes %s still alive 10 s after SIGKILL (stuck in the kernel?)",
                        containerId, alive);
                throw new IllegalStateException("container " + containerId + " did not stop: processes " + alive
                        + " still alive 10 s after SIGKILL");
            }
            how = "killed after a grace period of " + grace.toMillis() + " ms";
        }
        running.remove(containerId, container);
        closeInput(container);
        return how;
    }

    /**
     * How a process that is gone exited. Its handle may say it is gone a moment before the JVM has reaped it (on a busy
     * machine, many moments): wait for that, a little, rather than fail a stop that worked.
     */
    private static String exitOf(Process process) {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return "exited with code " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "exited";
    }

    @Override
    public List<String> killAll() {
        List<Container> all = new ArrayList<>(running.values());
        List<ProcessHandle> everything = new ArrayList<>();
        for (Container container : all) {
            container.stopRequested = true;
            List<ProcessHandle> tree = tree(container.process.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            everything.addAll(tree);
        }
        if (!awaitGone(everything, Duration.ofSeconds(10))) {
            LOG.errorf("processes %s still alive 10 s after SIGKILL (stuck in the kernel?); their volumes are "
                    + "released anyway and their writes are refused by epoch",
                    everything.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
        }
        for (Container container : all) {
            running.remove(container.id, container);
            closeInput(container);
        }
        return all.stream().map(c -> c.id).sorted().toList();
    }

    /** Waits until every process is gone, or the timeout passed; true if they are all gone. */
    private static boolean awaitGone(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // some are still alive
        }
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }

    @Override
    public boolean isRunning(String containerId) {
        Container container = running.get(containerId);
        return container != null && container.process.isAlive();
    }

    /** The process id of a running container, or -1. */
    public long pid(String containerId) {
        Container container = running.get(containerId);
        return container == null ? -1 : container.process.pid();
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        return tree;
    }

    private static void closeInput(Container container) {
        closeInput(container.process, container.id);
    }

    private static void closeInput(Process process, String containerId) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debugf("input of container %s already closed: %s", containerId, e.getMessage());
        }
    }
}

package io.hacluster.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One child process of the local cluster, with its output in a log file. */
public final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private volatile boolean meantToStop;
    private volatile List<ProcessHandle> descendants = List.of();

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Whether it was stopped or killed on purpose (a power cut, a stop): its supervisor leaves it down. */
    public boolean meantToStop() {
        return meantToStop;
    }

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Remembers what it started, so that what it leaves behind when it dies can be cleaned up. */
    void rememberDescendants() {
        if (process.isAlive()) {
            descendants = process.descendants().toList();
        }
    }

    /** Kills what it started that outlived it (a PostgreSQL postmaster of a killed wrapper, say). */
    void killOrphans() {
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Starts a process; its output and errors go to {@code log}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until a line containing {@code marker} appears in the log. */
    public void awaitLogLine(String marker, Duration timeout) {
        awaitCondition(() -> logText().contains(marker), timeout, "'" + marker + "' in its log");
    }

    /** Waits until the condition holds; fails early, with the end of the log, if the process dies. */
    public void awaitCondition(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before "
                        + what + ". End of " + log + ":\n" + tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not show " + what + " within " + timeout.toSeconds()
                        + " s. End of " + log + ":\n" + tail(30));
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** Asks the process to stop (SIGTERM), then kills it and whatever it started if it has not stopped in time. */
    public void stop(Duration grace) {
        meantToStop = true;
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** A power cut: SIGKILL to the process and everything it started, at once, no goodbye. */
    public void kill() {
        meantToStop = true;
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

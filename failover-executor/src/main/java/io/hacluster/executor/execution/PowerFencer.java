package io.hacluster.executor.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the configured power fencing command against a node: an IPMI-style fence agent that powers the node off. The
 * command line is split on spaces and {@code {node}} replaced by the node id; success is exit code 0 within the
 * timeout.
 */
public final class PowerFencer {

    /** How the command ended. */
    public record Outcome(boolean succeeded, String detail, Instant startedAt, Instant finishedAt) {
    }

    private final String commandLine;
    private final Duration timeout;

    public PowerFencer(String commandLine, Duration timeout) {
        this.commandLine = commandLine;
        this.timeout = timeout;
    }

    public Outcome fence(String nodeId) {
        Instant started = Instant.now();
        List<String> command = new ArrayList<>();
        for (String part : commandLine.trim().split("\\s+")) {
            command.add(part.replace("{node}", nodeId));
        }
        String shown = String.join(" ", command);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(false, "'" + shown + "' did not finish within " + timeout.toMillis() + " ms",
                        started, Instant.now());
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (output.length() > 300) {
                output = output.substring(0, 300) + "...";
            }
            int exit = process.exitValue();
            return new Outcome(exit == 0, "'" + shown + "' exited " + exit + (output.isEmpty() ? "" : ": " + output),
                    started, Instant.now());
        } catch (IOException e) {
            return new Outcome(false, "'" + shown + "' could not run: " + e.getMessage(), started, Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "'" + shown + "' interrupted", started, Instant.now());
        }
    }
}

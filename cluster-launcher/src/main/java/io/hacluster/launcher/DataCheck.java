package io.hacluster.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the demo workload wrote on the shared storage: each container appends {@code <value> <node> <epoch>
 * <time>} to {@code <storage>/vol-<container>/data/<container>.counter}, continuing from the last value in the file.
 * Data survived a failover when the values run on without a gap or a repeat across the change of node.
 */
public final class DataCheck {

    /** One line of a counter file. */
    public record Line(long value, String node, long epoch, Instant at) {
    }

    /** A run of consecutive lines written by one node under one epoch. */
    public record Segment(String node, long epoch, long first, long last) {

        @Override
        public String toString() {
            return node + " at epoch " + epoch + " wrote " + first + ".." + last;
        }
    }

    /**
     * What a counter file shows.
     *
     * @param segments who wrote what, in file order
     * @param problems gaps, repeats, epochs going back or a node writing again after another took over; empty when
     *        the data is whole
     */
    public record Continuity(List<Segment> segments, List<String> problems) {

        public boolean isWhole() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return (isWhole() ? "whole: " : "BROKEN " + problems + ": ") + segments;
        }
    }

    private DataCheck() {
    }

    public static Path counterFile(Path storageRoot, String container) {
        return storageRoot.resolve("vol-" + container).resolve("data").resolve(container + ".counter");
    }

    public static List<Line> lines(Path storageRoot, String container) {
        Path file = counterFile(storageRoot, container);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Line> lines = new ArrayList<>();
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = text.trim().split("\\s+");
                if (f.length >= 4) {
                    lines.add(new Line(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]), Instant.parse(f[3])));
                }
            }
            return lines;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static long lastValue(Path storageRoot, String container) {
        List<Line> lines = lines(storageRoot, container);
        return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).value();
    }

    public static Map<String, Long> lastValues(Path storageRoot, List<String> containers) {
        Map<String, Long> values = new LinkedHashMap<>();
        containers.forEach(c -> values.put(c, lastValue(storageRoot, c)));
        return values;
    }

    /** Waits until every container has written past the given values. */
    public static Map<String, Long> awaitProgress(Path storageRoot, List<String> containers, Map<String, Long> before,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Long> now = lastValues(storageRoot, containers);
            if (containers.stream().allMatch(c -> now.get(c) > before.getOrDefault(c, 0L))) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("containers did not write again within " + timeout.toSeconds()
                        + " s: before " + before + ", now " + now);
            }
            ManagedProcess.pause(Duration.ofMillis(200));
        }
    }

    public static Continuity continuity(Path storageRoot, String container) {
        List<Line> lines = lines(storageRoot, container);
        List<Segment> segments = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Line previous = null;
        List<String> finishedWriters = new ArrayList<>();
        for (Line line : lines) {
            if (previous != null) {
                if (line.value() != previous.value() + 1) {
                    problems.add("value " + previous.value() + " followed by " + line.value());
                }
                if (line.epoch() < previous.epoch()) {
                    problems.add("epoch went back from " + previous.epoch() + " to " + line.epoch() + " at value "
                            + line.value());
                }
            }
            String writer = line.node() + "@" + line.epoch();
            Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (last != null && last.node().equals(line.node()) && last.epoch() == line.epoch()) {
                segments.set(segments.size() - 1, new Segment(last.node(), last.epoch(), last.first(), line.value()));
            } else {
                if (last != null) {
                    finishedWriters.add(last.node() + "@" + last.epoch());
                }
                if (finishedWriters.contains(writer)) {
                    problems.add(writer + " wrote again at value " + line.value() + " after another writer took over");
                }
                segments.add(new Segment(line.node(), line.epoch(), line.value(), line.value()));
            }
            previous = line;
        }
        return new Continuity(segments, problems);
    }

    static String describeContinuity(Path storageRoot, String container) {
        return continuity(storageRoot, container).toString();
    }
}

package io.hacluster.agent.driver.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.hacluster.agent.domain.LeaseRecord;

/**
 * The built-in demo container: every interval it appends the next value of a counter to
 * {@code <volume>/data/<container>.counter}, continuing from the last value in the file, one line per value:
 * {@code <value> <node> <epoch> <time>}. Before every write it checks, under the volume's lock, that the lease still
 * names its node mounted at its epoch; if not it writes nothing and exits with {@link #EXIT_LEASE_LOST}. It exits
 * with {@link #EXIT_PARENT_GONE} when its standard input (held open by its agent) closes: a container dies with its
 * agent.
 *
 * <p>
 * Arguments: {@code --node N --epoch E --volume-dir DIR --container C [--interval-ms 200]}.
 */
public final class DemoWorkload {

    /** The lease no longer names this node at this epoch: the volume was taken over. */
    public static final int EXIT_LEASE_LOST = 3;
    /** The agent that started it is gone. */
    public static final int EXIT_PARENT_GONE = 4;
    /** Wrong arguments. */
    public static final int EXIT_USAGE = 2;

    private DemoWorkload() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String node = options.get("node");
        String container = options.get("container");
        String epochText = options.get("epoch");
        String volumeDirText = options.get("volume-dir");
        if (node == null || container == null || epochText == null || volumeDirText == null) {
            System.err.println("usage: DemoWorkload --node N --epoch E --volume-dir DIR --container C [--interval-ms 200]");
            System.exit(EXIT_USAGE);
        }
        long epoch = Long.parseLong(epochText);
        long intervalMs = Long.parseLong(options.getOrDefault("interval-ms", "200"));
        Path volumeDir = Path.of(volumeDirText);
        Path counter = counterFile(volumeDir, container);
        String volumeId = volumeDir.getFileName().toString();

        Thread watcher = new Thread(() -> {
            try {
                byte[] buffer = new byte[64];
                while (System.in.read(buffer) != -1) {
                    // the agent writes nothing; end of input means it is gone
                }
            } catch (IOException e) {
                // a broken pipe means the same
            }
            System.err.println("agent gone: stopping");
            Runtime.getRuntime().halt(EXIT_PARENT_GONE);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();

        System.out.println("demo workload " + container + " of node " + node + " at epoch " + epoch + " writes to "
                + counter);
        while (true) {
            String written = LeaseFile.withLock(volumeDir, () -> {
                LeaseRecord lease = LeaseFile.read(volumeDir, volumeId).orElse(null);
                if (lease == null || !lease.mountedBy(node, epoch)) {
                    return "lease lost: " + lease;
                }
                append(counter, node, epoch);
                return null;
            });
            if (written != null) {
                System.err.println(written + "; node " + node + " epoch " + epoch + " may no longer write");
                System.exit(EXIT_LEASE_LOST);
            }
            Thread.sleep(intervalMs);
        }
    }

    /** The counter file of a container on a volume. */
    public static Path counterFile(Path volumeDir, String containerId) {
        return LeaseFile.dataDir(volumeDir).resolve(containerId + ".counter");
    }

    private static void append(Path counter, String node, long epoch) {
        try {
            Files.createDirectories(counter.getParent());
            String tail = tail(counter);
            long last = 0;
            String prefix = "";
            if (!tail.isEmpty() && !tail.endsWith("\n")) {
                prefix = "\n"; // a line cut short by a crash is left as it is, and ignored
                tail = tail.substring(0, Math.max(0, tail.lastIndexOf('\n')));
            }
            String[] lines = tail.strip().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                String[] fields = lines[i].strip().split(" ");
                if (fields.length >= 1 && fields[0].matches("\\d+")) {
                    last = Long.parseLong(fields[0]);
                    break;
                }
            }
            String line = prefix + (last + 1) + " " + node + " " + epoch + " " + Instant.now() + "\n";
            Files.writeString(counter, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - 512);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}

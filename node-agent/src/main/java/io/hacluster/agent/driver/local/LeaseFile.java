package io.hacluster.agent.driver.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.hacluster.agent.domain.LeaseRecord;
import io.hacluster.agent.domain.LeaseState;

/**
 * The on-disk layout of a volume under the shared root, and its lock. Used by the shared-dir storage driver and by the
 * demo workload (a separate process), so it depends on nothing but the JDK and the lease record.
 *
 * <pre>
 * &lt;root&gt;/&lt;volume&gt;/lease              owner=node-1, epoch=4, state=MOUNTED, renewedAt=... (properties)
 * &lt;root&gt;/&lt;volume&gt;/lease.lock         locked (FileChannel.lock) around every read and change of the lease
 * &lt;root&gt;/&lt;volume&gt;/lease-history.log  one line per change of owner, epoch or state
 * &lt;root&gt;/&lt;volume&gt;/data/              the containers' data
 * </pre>
 *
 * A history line: {@code <time> node=<node> action=<action> epochBefore=<n> epochAfter=<n> ownerBefore=<node or ->
 * state=<state>}.
 */
public final class LeaseFile {

    public static final String LEASE = "lease";
    public static final String LOCK = "lease.lock";
    public static final String HISTORY = "lease-history.log";
    public static final String DATA = "data";

    private static final Pattern VOLUME_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /**
     * File locks belong to the whole process (and closing any channel of the file drops them), so threads of one JVM
     * first queue on this lock per lock file.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private LeaseFile() {
    }

    /** The directory of a volume under the root; refuses ids that are not plain names. */
    public static Path volumeDir(Path root, String volumeId) {
        if (volumeId == null || !VOLUME_ID.matcher(volumeId).matches()) {
            throw new IllegalArgumentException("volume id must be letters, digits, '.', '_' or '-': " + volumeId);
        }
        return root.resolve(volumeId);
    }

    public static Path dataDir(Path volumeDir) {
        return volumeDir.resolve(DATA);
    }

    /** Runs {@code action} holding the volume's lock, against other threads and other processes alike. */
    public static <T> T withLock(Path volumeDir, Supplier<T> action) {
        Path lockFile = volumeDir.resolve(LOCK).toAbsolutePath().normalize();
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        inProcess.lock();
        try {
            Files.createDirectories(volumeDir);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return action.get();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + lockFile + ": " + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }

    /** Reads the lease record; call it holding the lock. Empty if the volume never had a lease. */
    public static Optional<LeaseRecord> read(Path volumeDir, String volumeId) {
        Path file = volumeDir.resolve(LEASE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        String owner = p.getProperty("owner", "");
        String renewedAt = p.getProperty("renewedAt", "");
        return Optional.of(new LeaseRecord(volumeId, owner.isEmpty() ? null : owner,
                Long.parseLong(p.getProperty("epoch", "0")), LeaseState.valueOf(p.getProperty("state", "RELEASED")),
                renewedAt.isEmpty() ? null : Instant.parse(renewedAt)));
    }

    /** Replaces the lease record atomically; call it holding the lock. */
    public static void write(Path volumeDir, LeaseRecord lease) {
        String text = "owner=" + (lease.owner() == null ? "" : lease.owner()) + "\n"
                + "epoch=" + lease.epoch() + "\n"
                + "state=" + lease.state() + "\n"
                + "renewedAt=" + (lease.renewedAt() == null ? "" : lease.renewedAt()) + "\n";
        Path file = volumeDir.resolve(LEASE);
        Path tmp = volumeDir.resolve(LEASE + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one line to the volume's lease history; call it holding the lock. */
    public static void appendHistory(Path volumeDir, Instant at, String nodeId, String action, LeaseRecord before,
            LeaseRecord after) {
        String line = at + " node=" + nodeId + " action=" + action
                + " epochBefore=" + (before == null ? 0 : before.epoch())
                + " epochAfter=" + (after == null ? 0 : after.epoch())
                + " ownerBefore=" + (before == null || before.owner() == null ? "-" : before.owner())
                + " state=" + (after == null ? "-" : after.state()) + "\n";
        try {
            Files.writeString(volumeDir.resolve(HISTORY), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the lease history of " + volumeDir, e);
        }
    }
}

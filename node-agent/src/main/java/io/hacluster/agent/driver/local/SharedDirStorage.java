package io.hacluster.agent.driver.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import io.hacluster.agent.domain.LeaseDecision;
import io.hacluster.agent.domain.LeaseRecord;
import io.hacluster.agent.driver.StorageDriver;

/**
 * Shared storage on one machine: each volume is a directory under one root shared by every agent of the machine,
 * with a lease file changed only under a file lock, so that agents in different processes really contend for it
 * (see {@link LeaseFile} for the layout). Every change of owner, epoch or state is appended to the volume's lease
 * history.
 */
public final class SharedDirStorage implements StorageDriver {

    private final Path root;

    public SharedDirStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("agent.storage.root " + root + " cannot be created: " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<LeaseRecord> read(String volumeId) {
        Path dir = LeaseFile.volumeDir(root, volumeId);
        if (!Files.exists(dir.resolve(LeaseFile.LEASE))) {
            return Optional.empty();
        }
        return LeaseFile.withLock(dir, () -> LeaseFile.read(dir, volumeId));
    }

    @Override
    public LeaseDecision change(String volumeId, String nodeId, Function<LeaseRecord, LeaseDecision> rule) {
        Path dir = LeaseFile.volumeDir(root, volumeId);
        return LeaseFile.withLock(dir, () -> {
            LeaseRecord current = LeaseFile.read(dir, volumeId).orElse(null);
            LeaseDecision decision = rule.apply(current);
            if (decision instanceof LeaseDecision.Granted granted) {
                if (granted.writes()) {
                    LeaseFile.write(dir, granted.after());
                }
                if (granted.changesOwnership()) {
                    LeaseFile.appendHistory(dir, Instant.now(), nodeId, granted.action(), granted.before(),
                            granted.after());
                }
            }
            return decision;
        });
    }

    @Override
    public Optional<Path> dataDir(String volumeId) {
        Path data = LeaseFile.dataDir(LeaseFile.volumeDir(root, volumeId));
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + data + ": " + e.getMessage(), e);
        }
        return Optional.of(data);
    }
}

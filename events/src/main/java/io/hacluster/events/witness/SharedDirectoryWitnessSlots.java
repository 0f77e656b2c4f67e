package io.hacluster.events.witness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hacluster.events.WitnessSlot;
import io.hacluster.events.serde.EventCodec;

/**
 * The witness slots of the shared-directory storage: {@code <root>/.witness/<node>.json}, JSON in the events'
 * encoding. Agents write a new file and rename it over the old one, so a slot is read whole or not at all; files of
 * other names (the agents' temporary files) are ignored. Read by the monitor and the inventory.
 */
public final class SharedDirectoryWitnessSlots implements WitnessSlots {

    private static final System.Logger LOG = System.getLogger(SharedDirectoryWitnessSlots.class.getName());
    private static final String SUFFIX = WitnessSlot.fileName("");

    private final Path directory;
    private final ObjectMapper mapper = EventCodec.mapper();
    private volatile boolean failing;

    /** @param root the shared storage root; the slots are in its {@value WitnessSlot#DIRECTORY} directory */
    public SharedDirectoryWitnessSlots(Path root) {
        this.directory = root.resolve(WitnessSlot.DIRECTORY);
    }

    @Override
    public Optional<Reading> readAll() {
        Set<String> present = new HashSet<>();
        List<WitnessSlot> slots = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String nodeId = name.substring(0, name.length() - SUFFIX.length());
                present.add(nodeId);
                read(file, nodeId).ifPresent(slots::add);
            }
        } catch (NoSuchFileException e) {
            return ok(new Reading(Set.of(), List.of())); // no agent has written a slot yet
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "cannot read the witness directory {0} (its slots age until it can): {1}",
                        directory, e.toString());
            }
            return Optional.empty();
        }
        return ok(new Reading(present, slots));
    }

    private Optional<Reading> ok(Reading reading) {
        if (failing) {
            failing = false;
            LOG.log(System.Logger.Level.INFO, "the witness directory {0} can be read again", directory);
        }
        return Optional.of(reading);
    }

    private Optional<WitnessSlot> read(Path file, String nodeId) {
        try {
            WitnessSlot slot = mapper.readValue(Files.readAllBytes(file), WitnessSlot.class);
            if (!nodeId.equals(slot.nodeId())) {
                LOG.log(System.Logger.Level.DEBUG, "witness slot {0} names node {1}: ignored", file, slot.nodeId());
                return Optional.empty();
            }
            return Optional.of(slot);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "witness slot {0} unreadable: {1}", file, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return directory.toString();
    }
}

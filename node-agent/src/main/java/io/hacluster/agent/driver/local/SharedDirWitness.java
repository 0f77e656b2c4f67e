package io.hacluster.agent.driver.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hacluster.agent.driver.WitnessStore;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.serde.EventCodec;

/**
 * The witness on the shared-dir storage: the slot of node N is {@code <root>/.witness/N.json}, JSON in the events'
 * encoding. A write goes to a temporary file of the writing process, {@code .N.json.<pid>.tmp}, renamed over the slot
 * (an atomic replacement on a POSIX file system), so a reader never sees half a slot. Files whose name starts with a
 * dot are not slots.
 */
public final class SharedDirWitness implements WitnessStore {

    private static final String SUFFIX = ".json";
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path dir;
    private final ObjectMapper mapper = EventCodec.mapper();

    public SharedDirWitness(Path storageRoot) {
        this.dir = storageRoot.toAbsolutePath().normalize().resolve(WitnessSlot.DIRECTORY);
    }

    /** The witness directory. */
    public Path directory() {
        return dir;
    }

    /** The file of a node's slot. */
    public Path slotFile(String nodeId) {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id must be letters, digits, '.', '_' or '-': " + nodeId);
        }
        return dir.resolve(WitnessSlot.fileName(nodeId));
    }

    @Override
    public void write(WitnessSlot slot) {
        Path file = slotFile(slot.nodeId());
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.write(tmp, mapper.writeValueAsBytes(slot));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the witness slot " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Slots readAll() {
        if (!Files.isDirectory(dir)) {
            return new Slots(Set.of(), List.of());
        }
        Set<String> present = new HashSet<>();
        List<WitnessSlot> readable = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String nodeId = name.substring(0, name.length() - SUFFIX.length());
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException gone) {
                    continue;
                } catch (IOException e) {
                    present.add(nodeId);
                    continue;
                }
                present.add(nodeId);
                try {
                    WitnessSlot slot = mapper.readValue(bytes, WitnessSlot.class);
                    if (nodeId.equals(slot.nodeId())) {
                        readable.add(slot);
                    }
                } catch (IOException | RuntimeException unreadable) {
                    // known, but proves nothing: it ages like a slot that stopped changing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the witness directory " + dir + ": " + e.getMessage(), e);
        }
        return new Slots(present, readable);
    }
}

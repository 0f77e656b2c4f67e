package io.hacluster.events.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hacluster.events.NodeStatus.Mode;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.serde.EventCodec;

class SharedDirectoryWitnessSlotsTest {

    @TempDir
    Path root;

    @Test
    void shouldReadEverySlotInTheEventsEncodingAndNoteThoseThatCannotBeRead() throws Exception {
        Path dir = Files.createDirectories(root.resolve(".witness"));
        WitnessSlot n1 = new WitnessSlot("n1", "inc-1", 42, Instant.parse("2026-11-27T10:00:00Z"), Mode.FROZEN, false,
                Instant.parse("2026-11-27T09:59:58Z"), 2500, List.of("vol-a"));
        Files.write(dir.resolve("n1.json"), EventCodec.mapper().writeValueAsBytes(n1));
        Files.writeString(dir.resolve("n2.json"), "{\"nodeId\":\"n2\",\"seq\":"); // torn: present, unreadable
        Files.writeString(dir.resolve(".n3.json.tmp"), "{}"); // an agent's temporary file
        Files.writeString(dir.resolve("notes.txt"), "not a slot");

        WitnessSlots.Reading reading = new SharedDirectoryWitnessSlots(root).readAll().orElseThrow();

        assertThat(reading.present()).containsExactlyInAnyOrder("n1", "n2");
        assertThat(reading.slots()).containsExactly(n1);
    }

    @Test
    void shouldFindNoSlotBeforeAnyAgentWroteOne() {
        assertThat(new SharedDirectoryWitnessSlots(root).readAll()).hasValueSatisfying(r -> {
            assertThat(r.present()).isEmpty();
            assertThat(r.slots()).isEmpty();
        });
    }

    @Test
    void shouldSayTheWitnessCannotBeReadWhenItsDirectoryIsNoDirectory() throws Exception {
        Files.writeString(root.resolve(".witness"), "a file where the directory should be");

        assertThat(new SharedDirectoryWitnessSlots(root).readAll()).isEmpty();
    }
}

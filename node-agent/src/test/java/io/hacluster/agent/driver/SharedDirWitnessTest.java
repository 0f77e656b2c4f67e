package io.hacluster.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hacluster.agent.driver.local.SharedDirWitness;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.serde.EventCodec;

class SharedDirWitnessTest {

    @TempDir
    Path root;

    static WitnessSlot slot(String node, long seq) {
        return new WitnessSlot(node, "inc-" + node, seq, Instant.parse("2026-11-27T10:00:00Z"),
                NodeStatus.Mode.FROZEN, false, Instant.parse("2026-11-27T09:59:58Z"), 2500, List.of("vol-1"));
    }

    @Test
    void shouldWriteEachSlotAsJsonUnderTheWitnessDirectoryAndReadThemAllBack() throws Exception {
        SharedDirWitness witness = new SharedDirWitness(root);

        witness.write(slot("node-1", 1));
        witness.write(slot("node-1", 2));
        witness.write(slot("node-2", 7));

        Path file = root.resolve(".witness").resolve("node-1.json");
        assertThat(EventCodec.mapper().readValue(Files.readAllBytes(file), WitnessSlot.class)).isEqualTo(
                slot("node-1", 2));
        assertThat(Files.readString(file)).contains("\"mode\":\"FROZEN\"").contains("\"kafkaReachable\":false")
                .contains("\"heldVolumes\":[\"vol-1\"]").contains("\"writtenAt\":\"2026-11-27T10:00:00Z\"");
        try (var files = Files.list(root.resolve(".witness"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder("node-1.json", "node-2.json");
        }
        WitnessStore.Slots slots = witness.readAll();
        assertThat(slots.present()).containsExactlyInAnyOrder("node-1", "node-2");
        assertThat(slots.readable()).containsExactlyInAnyOrder(slot("node-1", 2), slot("node-2", 7));
    }

    @Test
    void shouldCountAnUnreadableSlotAsPresentAndIgnoreFilesThatAreNotSlots() throws Exception {
        SharedDirWitness witness = new SharedDirWitness(root);
        witness.write(slot("node-1", 1));
        Path dir = root.resolve(".witness");
        Files.writeString(dir.resolve("node-2.json"), "{not json");
        Files.writeString(dir.resolve("node-3.json"), EventCodec.mapper().writeValueAsString(slot("node-9", 1)));
        Files.writeString(dir.resolve(".node-4.json.123.tmp"), "{}");
        Files.writeString(dir.resolve("README"), "slots");

        WitnessStore.Slots slots = witness.readAll();

        assertThat(slots.present()).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
        assertThat(slots.readable()).extracting(WitnessSlot::nodeId).containsExactly("node-1");
    }

    @Test
    void shouldFindNoSlotBeforeAnyIsWrittenAndRefuseANodeIdThatIsNoPlainName() {
        SharedDirWitness witness = new SharedDirWitness(root);

        assertThat(witness.readAll().present()).isEmpty();
        assertThatThrownBy(() -> witness.write(slot("../etc", 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFailToWriteWhenTheStorageCannotBeWritten() throws Exception {
        Files.writeString(root.resolve(".witness"), "a file where the directory should be");
        SharedDirWitness witness = new SharedDirWitness(root);

        assertThatThrownBy(() -> witness.write(slot("node-1", 1))).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("could not write the witness slot");
    }
}

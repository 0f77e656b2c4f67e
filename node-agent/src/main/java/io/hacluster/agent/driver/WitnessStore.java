package io.hacluster.agent.driver;

import java.util.List;
import java.util.Set;

import io.hacluster.events.WitnessSlot;

/**
 * The port to the storage witness: one slot per node on the shared storage, the second heartbeat besides Kafka's.
 * Each node rewrites its own slot; everyone reads all of them. Freshness is not the store's business: the reader
 * judges it by seeing the seq change ({@link io.hacluster.agent.domain.WitnessWatch}).
 */
public interface WitnessStore {

    /**
     * What a read of the witness found.
     *
     * @param present the nodes that have a slot there, whether it could be read or not
     * @param readable the slots that could be read
     */
    record Slots(Set<String> present, List<WitnessSlot> readable) {

        public Slots {
            present = Set.copyOf(present);
            readable = List.copyOf(readable);
        }
    }

    /**
     * Replaces the node's slot atomically: a reader finds the old slot or the new one, never a part of either.
     *
     * @throws java.io.UncheckedIOException when the slot cannot be written
     */
    void write(WitnessSlot slot);

    /**
     * Reads every slot.
     *
     * @throws java.io.UncheckedIOException when the witness cannot be read at all
     */
    Slots readAll();
}

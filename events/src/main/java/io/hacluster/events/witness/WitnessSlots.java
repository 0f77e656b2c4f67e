package io.hacluster.events.witness;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.hacluster.events.WitnessSlot;

/** The port to the storage witness: reads every node's slot. The shared-directory implementation reads files. */
public interface WitnessSlots {

    /**
     * One reading of the witness.
     *
     * @param present the nodes that have a slot there, readable or not
     * @param slots the slots that could be read
     */
    record Reading(Set<String> present, List<WitnessSlot> slots) {

        public Reading {
            present = Set.copyOf(present);
            slots = List.copyOf(slots);
        }
    }

    /** Reads every slot; empty when the witness cannot be read at all (its slots then age). */
    Optional<Reading> readAll();

    /** Where the slots are, for the logs. */
    String describe();
}

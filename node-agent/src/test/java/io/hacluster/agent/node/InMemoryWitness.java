package io.hacluster.agent.node;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.hacluster.agent.driver.WitnessStore;
import io.hacluster.events.WitnessSlot;

/** A witness in memory, shared by the agents of a test; the test can make one node's writes fail. */
final class InMemoryWitness implements WitnessStore {

    final Map<String, WitnessSlot> slots = new ConcurrentHashMap<>();
    final Set<String> failingWriters = ConcurrentHashMap.newKeySet();

    @Override
    public void write(WitnessSlot slot) {
        if (failingWriters.contains(slot.nodeId())) {
            throw new UncheckedIOException(new java.io.IOException("no space left on device"));
        }
        slots.put(slot.nodeId(), slot);
    }

    @Override
    public Slots readAll() {
        return new Slots(slots.keySet(), new ArrayList<>(slots.values()));
    }
}

package io.hacluster.agent.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the outcome of the commands a node has carried out, by command id, so that a command delivered twice is
 * answered with its first outcome instead of being carried out again. Keeps the most recent {@code capacity} ids.
 */
public final class CommandLedger<R> {

    private final int capacity;
    private final Map<String, R> outcomes;

    public CommandLedger(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.outcomes = new LinkedHashMap<>(16, 0.75f, false);
    }

    /** The outcome recorded for this command id, if it was already carried out. */
    public synchronized Optional<R> outcomeOf(String commandId) {
        return Optional.ofNullable(outcomes.get(commandId));
    }

    /** Records the outcome of a command carried out now; the oldest entry goes when the ledger is full. */
    public synchronized void record(String commandId, R outcome) {
        outcomes.put(commandId, outcome);
        if (outcomes.size() > capacity) {
            String oldest = outcomes.keySet().iterator().next();
            outcomes.remove(oldest);
        }
    }

    public synchronized int size() {
        return outcomes.size();
    }
}

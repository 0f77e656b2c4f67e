package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.events.Envelope;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The event history, which also makes every consumer idempotent on event id. */
@ApplicationScoped
public class HistoryRepository implements PanacheRepositoryBase<HistoryEntry, String> {

    /** Appends the event; false if it is already there (a replay), in which case the caller changes nothing. */
    public boolean append(Envelope<?> envelope, Instant receivedAt) {
        if (findById(envelope.eventId()) != null) {
            return false;
        }
        HistoryEntry entry = new HistoryEntry();
        entry.eventId = envelope.eventId();
        entry.topic = envelope.topic();
        entry.type = envelope.type();
        entry.recordKey = envelope.key();
        entry.source = envelope.source();
        entry.occurredAt = envelope.occurredAt();
        entry.receivedAt = receivedAt;
        persist(entry);
        return true;
    }
}

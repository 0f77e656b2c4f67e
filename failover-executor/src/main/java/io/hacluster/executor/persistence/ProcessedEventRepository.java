package io.hacluster.executor.persistence;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.events.Envelope;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Idempotency by event id: {@link #firstTime} is true once per event id, in the caller's transaction. */
@ApplicationScoped
public class ProcessedEventRepository implements PanacheRepositoryBase<ProcessedEvent, String> {

    /** Records the event as applied; false if it already was (a replay), in which case the caller changes nothing. */
    public boolean firstTime(Envelope<?> envelope, Instant now) {
        if (findById(envelope.eventId()) != null) {
            return false;
        }
        ProcessedEvent processed = new ProcessedEvent();
        processed.eventId = envelope.eventId();
        processed.topic = envelope.topic();
        processed.type = envelope.type();
        processed.processedAt = now;
        persist(processed);
        return true;
    }
}

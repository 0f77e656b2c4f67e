package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.events.Envelope;
import io.hacluster.events.serde.EventCodec;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /** Queues an event; it is published once the current transaction commits. */
    public void add(Envelope<?> envelope, Instant now) {
        OutboxEntry e = new OutboxEntry();
        e.eventId = envelope.eventId();
        e.topic = envelope.topic();
        e.recordKey = envelope.key();
        e.type = envelope.type();
        e.envelope = EventCodec.encodeToString(envelope);
        e.createdAt = now;
        persist(e);
    }

    /** The oldest events not yet published, in the order they were written. */
    public List<OutboxEntry> pending(int max) {
        return find("publishedAt is null", Sort.by("id")).page(Page.ofSize(max)).list();
    }

    public long countPending() {
        return count("publishedAt is null");
    }

    public void published(long id, Instant at) {
        update("publishedAt = ?1, attempts = attempts + 1, lastError = null where id = ?2", at, id);
    }

    public void failed(long id, String error) {
        String e = error == null ? "unknown" : error.length() > 2000 ? error.substring(0, 2000) : error;
        update("attempts = attempts + 1, lastError = ?1 where id = ?2", e, id);
    }

    /** Forgets events published before {@code before}; returns how many. */
    public long prunePublished(Instant before) {
        return delete("publishedAt < ?1", before);
    }
}

package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.hacluster.events.Envelope;
import io.hacluster.inventory.domain.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

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

    /** Notes what an appended event changed. */
    public void describe(String eventId, String summary) {
        HistoryEntry entry = findById(eventId);
        if (entry != null && summary != null) {
            entry.summary = summary.length() > 1000 ? summary.substring(0, 997) + "..." : summary;
        }
    }

    /** One page, newest first, optionally only one record key and/or one type. */
    public List<HistoryEntry> page(String key, String type, PageRequest page) {
        Filter f = filter(key, type);
        return find(f.query(), Sort.descending("receivedAt").and("eventId", Sort.Direction.Descending), f.params())
                .page(Page.of(page.page(), page.size())).list();
    }

    public long count(String key, String type) {
        Filter f = filter(key, type);
        return f.query().isEmpty() ? count() : count(f.query(), f.params());
    }

    /** Forgets node statuses received before {@code before}; returns how many. */
    public long pruneStatuses(Instant before) {
        return delete("type = ?1 and receivedAt < ?2", "NodeStatus", before);
    }

    private record Filter(String query, Map<String, Object> params) {
    }

    private static Filter filter(String key, String type) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (key != null) {
            clauses.add("recordKey = :key");
            params.put("key", key);
        }
        if (type != null) {
            clauses.add("type = :type");
            params.put("type", type);
        }
        return new Filter(String.join(" and ", clauses), params);
    }
}

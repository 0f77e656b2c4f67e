package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One applied event in the append-only history. */
@Entity
@Table(name = "event_history")
public class HistoryEntry {

    @Id
    @Column(name = "event_id")
    public String eventId;

    public String topic;

    public String type;

    @Column(name = "record_key")
    public String recordKey;

    public String source;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** What the event changed, in words for the operator; null when it changed nothing worth saying. */
    public String summary;
}

package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One fencing method tried in a failover, with its evidence. */
@Entity
@Table(name = "fencing_attempt")
public class FencingAttemptEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "failover_id")
    public String failoverId;

    @Column(name = "node_id")
    public String nodeId;

    public String method;

    public boolean succeeded;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String detail;

    /** Volume epochs before and after, as JSON: {@code FailoverEvent.EpochChange} records. */
    @Column(columnDefinition = "text")
    public String epochs = "[]";

    @Column(name = "event_id")
    public String eventId;
}

package io.hacluster.executor.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A failover's row: the machine's state as JSON, plus the columns to find it by. */
@Entity
@Table(name = "failover")
public class FailoverRecord {

    @Id
    @Column(name = "failover_id")
    public String failoverId;

    public String phase;

    @Column(name = "trigger_kind")
    public String triggerKind;

    @Column(name = "source_node")
    public String sourceNode;

    @Column(columnDefinition = "text")
    public String state;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}

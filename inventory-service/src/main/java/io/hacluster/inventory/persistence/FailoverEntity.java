package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.inventory.domain.FailoverState;

/** A failover: its cause, its timeline and its fencing, from placement's plan and the executor's events. */
@Entity
@Table(name = "failover")
public class FailoverEntity {

    @Id
    @Column(name = "failover_id")
    public String failoverId;

    @Enumerated(EnumType.STRING)
    public FailoverState state;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger_kind")
    public TriggerKind triggerKind;

    @Column(name = "trigger_node_id")
    public String triggerNodeId;

    @Column(name = "trigger_group_id")
    public String triggerGroupId;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "cause_event_id")
    public String causeEventId;

    /** Placement's one-sentence reason, else the monitor's evidence of the node failure. */
    @Column(name = "trigger_reason")
    public String triggerReason;

    /** The monitor's evidence, for a plan that answers a node failure. */
    @Column(name = "trigger_evidence")
    public String triggerEvidence;

    @Column(name = "parent_failover_id")
    public String parentFailoverId;

    @Column(name = "source_node_id")
    public String sourceNodeId;

    @Column(name = "detected_at")
    public Instant detectedAt;

    @Column(name = "planned_at")
    public Instant plannedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "fenced_at")
    public Instant fencedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "failed_at")
    public Instant failedAt;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "relocated_count")
    public Integer relocatedCount;

    @Column(name = "unplaceable_count")
    public Integer unplaceableCount;

    @Column(name = "fenced_node_id")
    public String fencedNodeId;

    @Column(name = "fencing_method")
    public String fencingMethod;

    /** When it began, as far as known: detection, else plan, else first sight; lists are newest first by it. */
    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}

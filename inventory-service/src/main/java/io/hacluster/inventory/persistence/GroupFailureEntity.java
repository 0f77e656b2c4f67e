package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One failure of a group on a node, as placement counted it. */
@Entity
@Table(name = "group_failure")
public class GroupFailureEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "failure_id")
    public String failureId;

    @Column(name = "group_id")
    public String groupId;

    @Column(name = "node_id")
    public String nodeId;

    public Instant at;

    public String reason;

    @Column(name = "failures_on_node")
    public int failuresOnNode;

    @Column(name = "failure_threshold")
    public int failureThreshold;

    @Column(name = "avoided_until")
    public Instant avoidedUntil;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "received_at")
    public Instant receivedAt;
}

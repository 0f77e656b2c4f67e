package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hacluster.inventory.domain.RequestKind;
import io.hacluster.inventory.domain.RequestStatus;

/** An operator's drain, resume or move request, and how it went. */
@Entity
@Table(name = "operator_request")
public class OperatorRequestEntity {

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Enumerated(EnumType.STRING)
    public RequestKind kind;

    @Column(name = "node_id")
    public String nodeId;

    @Column(name = "group_id")
    public String groupId;

    @Column(name = "target_node_id")
    public String targetNodeId;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Enumerated(EnumType.STRING)
    public RequestStatus status;

    @Column(name = "failover_id")
    public String failoverId;

    public String detail;

    @Column(name = "updated_at")
    public Instant updatedAt;
}

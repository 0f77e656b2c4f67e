package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.hacluster.events.DesiredState;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.RecoveryPolicy;
import io.hacluster.inventory.domain.GroupState;

/** A resource group: its definition (the registry's truth) and where and how it runs. */
@Entity
@Table(name = "resource_group")
public class GroupEntity {

    @Id
    @Column(name = "group_id")
    public String groupId;

    @Column(name = "volume_id")
    public String volumeId;

    public int priority;

    @Convert(converter = StringListConverter.class)
    @Column(name = "preferred_owners", columnDefinition = "text")
    public List<String> preferredOwners = List.of();

    @Convert(converter = StringListConverter.class)
    @Column(name = "possible_owners", columnDefinition = "text")
    public List<String> possibleOwners = List.of();

    @Column(name = "anti_affinity_class")
    public String antiAffinityClass;

    @Enumerated(EnumType.STRING)
    @Column(name = "failback_mode")
    public FailbackPolicy.Mode failbackMode;

    @Column(name = "failback_delay_seconds")
    public long failbackDelaySeconds;

    @Convert(converter = RecoveryPolicyConverter.class)
    @Column(columnDefinition = "text")
    public RecoveryPolicy recovery = RecoveryPolicy.DEFAULT;

    @Enumerated(EnumType.STRING)
    public GroupState state;

    @Column(name = "state_reason")
    public String stateReason;

    @Column(name = "state_since")
    public Instant stateSince;

    @Column(name = "current_node_id")
    public String currentNodeId;

    @Column(name = "located_at")
    public Instant locatedAt;

    @Column(name = "ever_located")
    public boolean everLocated;

    @Column(name = "relocated_to")
    public String relocatedTo;

    @Column(name = "relocated_at")
    public Instant relocatedAt;

    /** The node a stop released the group on, and when: older reports of it from there are history. */
    @Column(name = "released_from")
    public String releasedFrom;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "last_failover_id")
    public String lastFailoverId;

    @Column(name = "pending_request_id")
    public String pendingRequestId;

    @Column(name = "pending_target_node_id")
    public String pendingTargetNodeId;

    /** What the operator wants: ONLINE (default), OFFLINE (stopped) or UNMANAGED (left alone). */
    @Enumerated(EnumType.STRING)
    @Column(name = "desired_state")
    public DesiredState desiredState = DesiredState.ONLINE;

    /** The request that last set the desired state, or null when it was never changed. */
    @Column(name = "desired_request_id")
    public String desiredRequestId;

    @Column(name = "desired_by")
    public String desiredBy;

    @Column(name = "desired_since")
    public Instant desiredSince;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}

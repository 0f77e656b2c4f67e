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

import io.hacluster.events.NodeStatus;
import io.hacluster.inventory.domain.Liveness;
import io.hacluster.inventory.domain.Maintenance;
import io.hacluster.inventory.domain.NodeCondition;
import io.hacluster.inventory.domain.NodeState;
import io.hacluster.inventory.domain.Reports;

/** A node: its condition, from the monitor and the operator, and its latest status, from its agent. */
@Entity
@Table(name = "node")
public class NodeEntity {

    @Id
    @Column(name = "node_id")
    public String nodeId;

    @Enumerated(EnumType.STRING)
    public NodeState state;

    @Enumerated(EnumType.STRING)
    public Liveness liveness;

    @Enumerated(EnumType.STRING)
    public Maintenance maintenance;

    @Column(name = "drain_request_id")
    public String drainRequestId;

    @Column(name = "state_reason")
    public String stateReason;

    @Column(name = "state_since")
    public Instant stateSince;

    public String incarnation;

    @Column(name = "status_seq")
    public long statusSeq;

    @Column(name = "status_reported_at")
    public Instant statusReportedAt;

    @Column(name = "status_received_at")
    public Instant statusReceivedAt;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    @Column(name = "capacity_cpu_millis")
    public long capacityCpuMillis;

    @Column(name = "capacity_memory_mb")
    public long capacityMemoryMb;

    @Column(name = "usage_cpu_millis")
    public long usageCpuMillis;

    @Column(name = "usage_memory_mb")
    public long usageMemoryMb;

    @Convert(converter = StringListConverter.class)
    @Column(name = "reachable_volumes", columnDefinition = "text")
    public List<String> reachableVolumes = List.of();

    @Column(name = "self_fenced")
    public boolean selfFenced;

    /** What the agent last said of its own mode: in its status, or in its witness slot (through NodeIsolated). */
    @Enumerated(EnumType.STRING)
    @Column(name = "agent_mode")
    public NodeStatus.Mode agentMode = NodeStatus.Mode.ACTIVE;

    /** Whether its statuses (or a fresh witness slot) still reach the inventory. */
    @Enumerated(EnumType.STRING)
    public Reports reports = Reports.HEARD;

    @Column(name = "self_fence_at")
    public Instant selfFenceAt;

    @Column(name = "self_fence_reason")
    public String selfFenceReason;

    @Convert(converter = StringListConverter.class)
    @Column(name = "self_fence_stopped", columnDefinition = "text")
    public List<String> selfFenceStopped = List.of();

    @Convert(converter = StringListConverter.class)
    @Column(name = "self_fence_released", columnDefinition = "text")
    public List<String> selfFenceReleased = List.of();

    @Column(name = "last_failed_at")
    public Instant lastFailedAt;

    @Column(name = "last_isolated_at")
    public Instant lastIsolatedAt;

    @Column(name = "last_rejoined_at")
    public Instant lastRejoinedAt;

    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @Version
    public long version;

    public NodeCondition condition() {
        return new NodeCondition(liveness, maintenance, drainRequestId, agentMode, reports);
    }

    /** Takes the condition and its state; the caller logs the transition. */
    public void setCondition(NodeCondition condition, String why, Instant now) {
        NodeState next = condition.state();
        if (next != state) {
            stateSince = now;
        }
        if (next != state || condition.reports() != reports) {
            stateReason = why;
        }
        state = next;
        liveness = condition.liveness();
        maintenance = condition.maintenance();
        drainRequestId = condition.drainRequestId();
        agentMode = condition.agentMode();
        reports = condition.reports();
    }
}

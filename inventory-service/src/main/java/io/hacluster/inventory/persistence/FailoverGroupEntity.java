package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hacluster.inventory.domain.GroupAction;
import io.hacluster.inventory.domain.GroupOutcome;

/** One group within one failover: its target, where it stands, and placement's reasons. */
@Entity
@Table(name = "failover_group")
public class FailoverGroupEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "failover_id")
    public String failoverId;

    @Column(name = "group_id")
    public String groupId;

    /** Order in the plan (assignments first, then unplaceable groups). */
    public int position;

    @Column(name = "volume_id")
    public String volumeId;

    @Column(name = "from_node_id")
    public String fromNodeId;

    @Column(name = "target_node_id")
    public String targetNodeId;

    public Integer priority;

    @Enumerated(EnumType.STRING)
    public GroupOutcome outcome;

    /** Move (to {@code targetNodeId}), restart in place (on it, from {@code restartFrom}) or stop (where it runs). */
    @Enumerated(EnumType.STRING)
    public GroupAction action = GroupAction.MOVE;

    @Column(name = "restart_from")
    public String restartFrom;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    public String step;

    @Column(name = "step_state")
    public String stepState;

    public String detail;

    public String reason;

    public Long epoch;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "online_at")
    public Instant onlineAt;

    /** Placement's candidates as JSON: {@code PlacementDecision.Candidate} records. */
    @Column(columnDefinition = "text")
    public String candidates = "[]";

    @Convert(converter = StringListConverter.class)
    @Column(name = "container_ids", columnDefinition = "text")
    public List<String> containerIds = List.of();

    @Column(name = "updated_at")
    public Instant updatedAt;
}

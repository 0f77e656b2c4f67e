package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One step of one group in a failover, as the executor reported it. */
@Entity
@Table(name = "failover_step")
public class FailoverStepEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "failover_id")
    public String failoverId;

    @Column(name = "group_id")
    public String groupId;

    public String step;

    public String state;

    @Column(name = "target_node_id")
    public String targetNodeId;

    public Instant at;

    public String detail;

    @Column(name = "event_id")
    public String eventId;
}

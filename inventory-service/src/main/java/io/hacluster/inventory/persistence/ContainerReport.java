package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hacluster.events.ContainerState;

/** A container as one node last reported it (or as a relocation verified it). */
@Entity
@Table(name = "container_report")
public class ContainerReport {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "node_id")
    public String nodeId;

    @Column(name = "container_id")
    public String containerId;

    @Column(name = "group_id")
    public String groupId;

    @Enumerated(EnumType.STRING)
    public ContainerState state;

    public String detail;

    @Column(name = "reported_at")
    public Instant reportedAt;
}

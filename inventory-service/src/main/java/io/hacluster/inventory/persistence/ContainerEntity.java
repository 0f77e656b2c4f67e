package io.hacluster.inventory.persistence;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hacluster.events.HealthCheck;

/** A container as the registry defines it. */
@Entity
@Table(name = "container")
public class ContainerEntity {

    @Id
    @Column(name = "container_id")
    public String containerId;

    @Column(name = "group_id")
    public String groupId;

    public int position;

    @Column(name = "cpu_millis")
    public long cpuMillis;

    @Column(name = "memory_mb")
    public long memoryMb;

    @Convert(converter = StringListConverter.class)
    @Column(columnDefinition = "text")
    public List<String> command = List.of();

    /** The health check the agent runs in it, or null for none. */
    @Convert(converter = HealthCheckConverter.class)
    @Column(name = "health_check", columnDefinition = "text")
    public HealthCheck healthCheck;
}

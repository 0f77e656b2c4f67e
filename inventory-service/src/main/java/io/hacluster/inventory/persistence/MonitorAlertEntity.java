package io.hacluster.inventory.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The monitor's latest alert of one kind (e.g. many nodes silent at once). */
@Entity
@Table(name = "monitor_alert")
public class MonitorAlertEntity {

    @Id
    public String kind;

    public boolean active;

    @Column(name = "silent_nodes")
    public int silentNodes;

    @Column(name = "total_nodes")
    public int totalNodes;

    public double threshold;

    @Column(name = "raised_at")
    public Instant raisedAt;

    public String message;

    @Convert(converter = StringListConverter.class)
    @Column(name = "silent_node_ids", columnDefinition = "text")
    public List<String> silentNodeIds = List.of();
}

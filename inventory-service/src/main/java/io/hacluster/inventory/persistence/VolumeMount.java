package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A volume mounted on a node, as that node last reported it (or as a relocation verified it). */
@Entity
@Table(name = "volume_mount")
public class VolumeMount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "node_id")
    public String nodeId;

    @Column(name = "volume_id")
    public String volumeId;

    @Column(name = "group_id")
    public String groupId;

    public long epoch;

    @Column(name = "reported_at")
    public Instant reportedAt;
}

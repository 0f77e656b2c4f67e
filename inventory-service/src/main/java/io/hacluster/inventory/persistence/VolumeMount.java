package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.hacluster.inventory.domain.VolumeHolding;

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

    /** When the executor reported this mount fenced, or null when it did not (or a newer report ended the fence). */
    @Column(name = "fenced_at")
    public Instant fencedAt;

    /** The epoch the fence issued to the volume, or null for a whole-node fence (or none). */
    @Column(name = "fenced_epoch")
    public Long fencedEpoch;

    /** The failover whose fence took the volume from this node, or null. */
    @Column(name = "fenced_by")
    public String fencedBy;

    /** The fencing method that worked, or null. */
    @Column(name = "fence_method")
    public String fenceMethod;

    /** The fence reported against this mount, or null. */
    public VolumeHolding.Fence fence() {
        return fencedAt == null ? null : new VolumeHolding.Fence(fencedAt, fencedEpoch, fencedBy, fenceMethod);
    }

    /** Records a fence against this mount; null clears it. */
    public void fence(VolumeHolding.Fence f) {
        fencedAt = f == null ? null : f.at();
        fencedEpoch = f == null ? null : f.epoch();
        fencedBy = f == null ? null : f.failoverId();
        fenceMethod = f == null ? null : f.method();
    }

    public VolumeHolding.Mount asMount() {
        return new VolumeHolding.Mount(nodeId, epoch, reportedAt, fence());
    }
}

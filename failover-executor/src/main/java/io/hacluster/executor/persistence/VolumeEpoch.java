package io.hacluster.executor.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The highest epoch issued or seen for one volume. */
@Entity
@Table(name = "volume_epoch")
public class VolumeEpoch {

    @Id
    @Column(name = "volume_id")
    public String volumeId;

    public long epoch;
}

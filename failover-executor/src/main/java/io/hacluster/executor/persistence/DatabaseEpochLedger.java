package io.hacluster.executor.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.hacluster.executor.domain.EpochLedger;

/**
 * Fencing tokens kept in PostgreSQL, in the caller's transaction: an epoch issued is never issued again, even after
 * a crash, because the failover that uses it is committed with it.
 */
@ApplicationScoped
public class DatabaseEpochLedger implements EpochLedger {

    private final EntityManager em;

    public DatabaseEpochLedger(EntityManager em) {
        this.em = em;
    }

    @Override
    public long issue(String volumeId) {
        VolumeEpoch row = locked(volumeId);
        row.epoch = row.epoch + 1;
        return row.epoch;
    }

    @Override
    public void observe(String volumeId, long epoch) {
        VolumeEpoch row = locked(volumeId);
        if (epoch > row.epoch) {
            row.epoch = epoch;
        }
    }

    /** The highest epoch known for a volume, 0 if none. */
    public long highest(String volumeId) {
        VolumeEpoch row = em.find(VolumeEpoch.class, volumeId);
        return row == null ? 0 : row.epoch;
    }

    private VolumeEpoch locked(String volumeId) {
        VolumeEpoch row = em.find(VolumeEpoch.class, volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new VolumeEpoch();
            row.volumeId = volumeId;
            row.epoch = 0;
            em.persist(row);
        }
        return row;
    }
}

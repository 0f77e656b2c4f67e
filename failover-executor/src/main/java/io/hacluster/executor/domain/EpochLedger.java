package io.hacluster.executor.domain;

/** Issues fencing tokens: every takeover of a volume gets an epoch higher than any the volume has seen. */
public interface EpochLedger {

    /** A new epoch for the volume, higher than every epoch issued or observed for it. */
    long issue(String volumeId);

    /** Records an epoch seen on a volume (in a node's status or a command's evidence). */
    void observe(String volumeId, long epoch);
}

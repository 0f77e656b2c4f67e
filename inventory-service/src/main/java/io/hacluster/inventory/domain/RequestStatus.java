package io.hacluster.inventory.domain;

/** Where an operator's request stands. */
public enum RequestStatus {

    /** Recorded and published; placement has not planned it yet. */
    ACCEPTED,
    /** Placement planned it: the failover carries it out. */
    PLANNED,
    /** Carried out. */
    COMPLETED,
    /** Could not be carried out; the detail says why. */
    FAILED;

    /** True once the request is carried out or failed. */
    public boolean ended() {
        return this == COMPLETED || this == FAILED;
    }
}

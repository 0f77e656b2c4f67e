package io.hacluster.executor.domain;

/** Where one group stands in its move. */
public enum Step {

    /** Waiting for the source to be fenced, or for its turn. */
    PENDING,
    /** Orderly move: stopping its containers on the live source, last started first. */
    STOPPING,
    /** Orderly move: releasing its volume on the source. */
    UNMOUNTING,
    /** Mounting its volume on the target under a new, higher epoch. */
    MOUNTING,
    /** Starting its containers on the target, in order. */
    STARTING,
    /** Waiting for the target's status to show every container running. */
    VERIFYING,
    /** Online on the target. */
    ONLINE,
    /** The target failed or refused: placement is asked for another node. */
    REPLANNING,
    /** It stays offline, with a reason. */
    UNPLACEABLE;

    public boolean isFinal() {
        return this == ONLINE || this == UNPLACEABLE;
    }
}

package io.hacluster.executor.domain;

/** Where one group stands in its move, restart or stop. */
public enum Step {

    /** Waiting for the source to be fenced, or for its turn. */
    PENDING,
    /** Stopping its containers on the node it leaves, restarts on or stops on, last started first. */
    STOPPING,
    /** Releasing its volume on the node it leaves or stops on. */
    UNMOUNTING,
    /** Mounting its volume on the target under a new, higher epoch. */
    MOUNTING,
    /** Starting its containers on the target, in order (a restart in place: under the epoch it holds there). */
    STARTING,
    /** Waiting for the target's status to show every container running. */
    VERIFYING,
    /** Online on the target. */
    ONLINE,
    /** The target failed or refused: placement is asked for another node. */
    REPLANNING,
    /** It stays offline, with a reason. */
    UNPLACEABLE,
    /** Stopped as asked: its containers stopped and its volume released on its node; started nowhere. */
    STOPPED,
    /** Not stopped as asked: its node refused or stayed silent; nothing was taken over or started. */
    STOP_FAILED;

    public boolean isFinal() {
        return this == ONLINE || this == UNPLACEABLE || this == STOPPED || this == STOP_FAILED;
    }
}

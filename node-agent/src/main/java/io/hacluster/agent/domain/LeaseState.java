package io.hacluster.agent.domain;

/** The state of a volume's lease record. */
public enum LeaseState {
    /** Fenced for the owner (storage preemption): the previous holder is locked out, the owner has not mounted yet. */
    RESERVED,
    /** Mounted read-write by the owner under the recorded epoch. */
    MOUNTED,
    /** Released by its last owner; the epoch is kept, so that no older epoch can come back. */
    RELEASED
}

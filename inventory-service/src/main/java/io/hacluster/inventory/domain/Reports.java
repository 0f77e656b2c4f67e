package io.hacluster.inventory.domain;

/**
 * Whether the inventory still hears a node: its own evidence, beside the monitor's judgement. A node reports a status
 * at least every status interval; one whose latest status reached the inventory longer ago than
 * {@code inventory.nodes.unheard-after} is not heard, and the inventory says so rather than showing its last report
 * as the present.
 */
public enum Reports {
    /** Its statuses reach the inventory. */
    HEARD,
    /**
     * No status reaches the inventory, but its slot on the storage witness (read by the inventory itself) is fresh:
     * what the slot says (its mode, the volumes it holds) is the newest evidence.
     */
    WITNESSED,
    /** Neither its statuses nor a fresh witness slot reach the inventory: what it does now cannot be known here. */
    UNHEARD
}

package io.hacluster.inventory.domain;

import java.util.Objects;

/**
 * A group's state and why.
 *
 * @param state the state
 * @param reason the cause, in words for the operator
 */
public record GroupCondition(GroupState state, String reason) {

    public GroupCondition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}

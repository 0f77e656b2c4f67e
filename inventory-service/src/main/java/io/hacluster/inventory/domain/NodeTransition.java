package io.hacluster.inventory.domain;

/**
 * The outcome of one signal for one node.
 *
 * @param before the condition before
 * @param after the condition after
 * @param why the cause, in words for the operator
 */
public record NodeTransition(NodeCondition before, NodeCondition after, String why) {

    /** True when the node's visible state changed (and the transition is worth logging). */
    public boolean stateChanged() {
        return before.state() != after.state();
    }
}

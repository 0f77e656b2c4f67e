package io.hacluster.placement.domain;

/**
 * A node changed state; the shell logs it once at INFO.
 *
 * @param nodeId the node
 * @param from its state before
 * @param to its state after
 * @param why the event that caused it
 */
public record NodeTransition(String nodeId, NodeState from, NodeState to, String why) {
}

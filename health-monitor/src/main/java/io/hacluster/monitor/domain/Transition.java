package io.hacluster.monitor.domain;

import io.hacluster.events.NodeHealthEvent;

/**
 * One change of a node's liveness, and the event that announces it.
 *
 * @param nodeId the node
 * @param from its state before
 * @param to its state after
 * @param why the evidence, in words
 * @param event what to publish on node-health
 */
public record Transition(String nodeId, Liveness from, Liveness to, String why, NodeHealthEvent event) {
}

package io.hacluster.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.inventory.persistence.NodeWriter;
import io.smallrye.common.annotation.Blocking;

/** Receives every node's status: capacity, usage, containers and mounted volumes. */
@ApplicationScoped
public class NodeStatusConsumer {

    @Inject
    EventApplier applier;
    @Inject
    NodeWriter nodes;

    @Incoming(Topics.NODE_STATUS)
    @Blocking
    public void onStatus(Envelope<?> envelope) {
        applier.apply(envelope, Topics.NODE_STATUS, NodeStatus.class, (e, status, now) -> nodes.applyStatus(status, now));
    }
}

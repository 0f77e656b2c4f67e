package io.hacluster.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.Topics;
import io.hacluster.inventory.persistence.NodeWriter;
import io.smallrye.common.annotation.Blocking;

/** Receives the monitor's judgements: suspected, failed, recovered, rejoined, and its alerts. */
@ApplicationScoped
public class NodeHealthConsumer {

    @Inject
    EventApplier applier;
    @Inject
    NodeWriter nodes;

    @Incoming(Topics.NODE_HEALTH)
    @Blocking
    public void onHealth(Envelope<?> envelope) {
        applier.apply(envelope, Topics.NODE_HEALTH, NodeHealthEvent.class,
                (e, health, now) -> nodes.applyHealth(health, e.occurredAt(), now));
    }
}

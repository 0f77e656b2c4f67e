package io.hacluster.agent.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.agent.node.AgentHost;
import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Inbound;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Learns from the monitor's judgements when one of this process's nodes was declared failed. */
@ApplicationScoped
public class HealthConsumer {

    @Inject
    AgentHost host;

    @Incoming(Topics.NODE_HEALTH)
    @Blocking
    public void onHealth(Envelope<?> envelope) {
        if (Inbound.readable(envelope).payload() instanceof NodeHealthEvent.NodeFailed failed) {
            host.node(failed.nodeId()).ifPresent(node -> node.onNodeFailed(failed));
        }
    }
}

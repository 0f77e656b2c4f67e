package io.hacluster.placement.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Inbound;

/** Receives what placement answers: node health changes and operator requests. */
@ApplicationScoped
public class RequestConsumer {

    private static final Logger LOG = Logger.getLogger(RequestConsumer.class);

    @Incoming(Topics.NODE_HEALTH)
    public void onNodeHealth(Envelope<?> envelope) {
        LOG.infof("node health: %s for %s", Inbound.readable(envelope).type(), envelope.key());
    }

    @Incoming(Topics.CLUSTER_ADMIN)
    public void onAdmin(Envelope<?> envelope) {
        LOG.infof("admin: %s for %s", Inbound.readable(envelope).type(), envelope.key());
    }
}

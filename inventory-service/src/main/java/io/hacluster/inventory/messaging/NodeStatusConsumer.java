package io.hacluster.inventory.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.inventory.persistence.HistoryRepository;
import io.hacluster.messaging.Inbound;

/** Receives every node's status. */
@ApplicationScoped
public class NodeStatusConsumer {

    private static final Logger LOG = Logger.getLogger(NodeStatusConsumer.class);

    @Inject
    HistoryRepository history;

    @Incoming(Topics.NODE_STATUS)
    @Transactional
    public void onStatus(Envelope<?> envelope) {
        if (history.append(Inbound.readable(envelope), Instant.now())) {
            LOG.debugf("status of %s recorded", envelope.key());
        }
    }
}

package io.hacluster.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Inbound;

/** Receives every node's heartbeats. */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    @Incoming(Topics.NODE_HEARTBEATS)
    public void onHeartbeat(Envelope<?> envelope) {
        if (Inbound.readable(envelope).payload() instanceof NodeHeartbeat heartbeat) {
            LOG.debugf("heartbeat %d from %s", heartbeat.seq(), heartbeat.nodeId());
        }
    }
}

package io.hacluster.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Topics;
import io.hacluster.executor.execution.FailoverCoordinator;
import io.hacluster.messaging.Inbound;
import io.smallrye.common.annotation.Blocking;

/**
 * Every node's status: proof that started containers run, and the epochs volumes are mounted under. Read from the
 * beginning of the compacted topic at every start, so the executor knows the latest status of every node.
 */
@ApplicationScoped
public class StatusConsumer {

    @Inject
    FailoverCoordinator coordinator;

    @Incoming(Topics.NODE_STATUS)
    @Blocking
    public void onStatus(Envelope<?> envelope) {
        if (Inbound.readable(envelope).payload() instanceof NodeStatus status) {
            Inbound.applyUntilDone(envelope, () -> coordinator.onStatus(status));
        }
    }
}

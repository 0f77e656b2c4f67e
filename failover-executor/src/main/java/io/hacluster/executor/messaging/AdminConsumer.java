package io.hacluster.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.Envelope;
import io.hacluster.events.Topics;
import io.hacluster.executor.execution.FailoverCoordinator;
import io.hacluster.messaging.Inbound;
import io.smallrye.common.annotation.Blocking;

/**
 * Drains and resumes, from cluster-admin: a group on its way to a node being drained is re-planned before it is
 * mounted there. In the executor's consumer group, so that a restart resumes where it stopped (the drained nodes are
 * kept in the database).
 */
@ApplicationScoped
public class AdminConsumer {

    @Inject
    FailoverCoordinator coordinator;

    @Incoming(Topics.CLUSTER_ADMIN)
    @Blocking
    public void onAdmin(Envelope<?> envelope) {
        Object payload = Inbound.readable(envelope).payload();
        if (payload instanceof AdminEvent.NodeDrainRequested d) {
            Inbound.applyUntilDone(envelope, () -> coordinator.onDrainRequested(d.nodeId(), d.requestId()));
        } else if (payload instanceof AdminEvent.NodeResumeRequested r) {
            Inbound.applyUntilDone(envelope, () -> coordinator.onResumeRequested(r.nodeId()));
        }
    }
}

package io.hacluster.executor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.Envelope;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.Topics;
import io.hacluster.executor.execution.FailoverCoordinator;
import io.hacluster.messaging.Inbound;
import io.smallrye.common.annotation.Blocking;

/** Placement's plans: each starts a failover once (a replayed plan finds its failover id taken). */
@ApplicationScoped
public class PlanConsumer {

    @Inject
    FailoverCoordinator coordinator;

    @Incoming(Topics.PLACEMENT_DECISIONS)
    @Blocking
    public void onPlan(Envelope<?> envelope) {
        if (Inbound.readable(envelope).payload() instanceof FailoverPlanned plan) {
            Inbound.applyUntilDone(envelope, () -> coordinator.onPlan(plan));
        }
    }
}

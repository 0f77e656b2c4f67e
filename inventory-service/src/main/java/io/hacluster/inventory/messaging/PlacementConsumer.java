package io.hacluster.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.Envelope;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.Topics;
import io.hacluster.inventory.persistence.FailoverWriter;
import io.hacluster.inventory.persistence.FailureWriter;
import io.smallrye.common.annotation.Blocking;

/** Receives placement's decisions: its plans, with its reasons for each group, and the failures it counted. */
@ApplicationScoped
public class PlacementConsumer {

    @Inject
    EventApplier applier;
    @Inject
    FailoverWriter failovers;
    @Inject
    FailureWriter failures;

    @Incoming(Topics.PLACEMENT_DECISIONS)
    @Blocking
    public void onDecision(Envelope<?> envelope) {
        applier.apply(envelope, Topics.PLACEMENT_DECISIONS, PlacementDecision.class, (e, decision, now) -> {
            if (decision instanceof PlacementDecision.FailoverPlanned plan) {
                return failovers.applyPlan(plan, e.eventId(), now);
            }
            if (decision instanceof PlacementDecision.GroupFailureRecorded failure) {
                return failures.record(failure, e.eventId(), e.occurredAt(), now);
            }
            return EventApplier.notApplied(e);
        });
    }
}

package io.hacluster.executor.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.Topics;
import io.hacluster.executor.persistence.ProcessedEventRepository;
import io.hacluster.messaging.Inbound;

/** Receives placement's plans. */
@ApplicationScoped
public class PlanConsumer {

    private static final Logger LOG = Logger.getLogger(PlanConsumer.class);

    @Inject
    ProcessedEventRepository processed;

    @Incoming(Topics.PLACEMENT_DECISIONS)
    @Transactional
    public void onPlan(Envelope<?> envelope) {
        if (!processed.firstTime(Inbound.readable(envelope), Instant.now())) {
            LOG.debugf("plan event %s already applied", envelope.eventId());
            return;
        }
        if (envelope.payload() instanceof FailoverPlanned plan) {
            LOG.infof("plan %s received: %d assignments", plan.failoverId(), plan.assignments().size());
        }
    }
}

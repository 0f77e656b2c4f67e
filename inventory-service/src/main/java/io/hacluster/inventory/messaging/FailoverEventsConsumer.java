package io.hacluster.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.hacluster.events.Envelope;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.Topics;
import io.hacluster.inventory.persistence.FailoverWriter;
import io.smallrye.common.annotation.Blocking;

/** Receives the executor's public account of each failover: started, fenced, steps, relocated, ended. */
@ApplicationScoped
public class FailoverEventsConsumer {

    @Inject
    EventApplier applier;
    @Inject
    FailoverWriter failovers;

    @Incoming(Topics.FAILOVER_EVENTS)
    @Blocking
    public void onFailoverEvent(Envelope<?> envelope) {
        applier.apply(envelope, Topics.FAILOVER_EVENTS, FailoverEvent.class,
                (e, event, now) -> failovers.apply(event, e.occurredAt(), e.eventId(), now));
    }
}

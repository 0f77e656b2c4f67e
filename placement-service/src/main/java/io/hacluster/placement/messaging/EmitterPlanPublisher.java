package io.hacluster.placement.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.hacluster.events.Envelope;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.Topics;
import io.hacluster.messaging.Outbound;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/** Publishes decisions through the {@code placement-decisions-out} channel, keyed by failover (or group) id, waiting for the ack. */
@ApplicationScoped
public class EmitterPlanPublisher implements PlanPublisher {

    @Inject
    @Channel(Topics.PLACEMENT_DECISIONS_OUT)
    MutinyEmitter<Record<String, Envelope<?>>> emitter;

    @Override
    public void publish(Envelope<? extends PlacementDecision> decision) {
        Outbound.sendAndAwait(emitter, decision);
    }
}

package io.hacluster.placement.messaging;

import io.hacluster.events.Envelope;
import io.hacluster.events.PlacementDecision.FailoverPlanned;

/** Publishes a plan on {@code placement-decisions}; returns once the broker acknowledged it, throws if it did not. */
@FunctionalInterface
public interface PlanPublisher {

    void publish(Envelope<FailoverPlanned> plan);
}

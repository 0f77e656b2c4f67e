package io.hacluster.placement.messaging;

import io.hacluster.events.Envelope;
import io.hacluster.events.PlacementDecision;

/**
 * Publishes a decision (a plan, a counted failure) on {@code placement-decisions}; returns once the broker
 * acknowledged it, throws if it did not.
 */
@FunctionalInterface
public interface PlanPublisher {

    void publish(Envelope<? extends PlacementDecision> decision);
}

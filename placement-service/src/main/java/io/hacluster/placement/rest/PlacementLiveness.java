package io.hacluster.placement.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.hacluster.placement.messaging.PlacementService;

/**
 * Live while the placement thread runs and is not stuck failing to start: a process whose instance died is DOWN, so
 * that its supervisor restarts it instead of leaving a placement service that never plans.
 */
@Liveness
@ApplicationScoped
public class PlacementLiveness implements HealthCheck {

    @Inject
    PlacementService service;

    @Override
    public HealthCheckResponse call() {
        String problem = service.instance() == null ? null : service.instance().notAlive();
        var response = HealthCheckResponse.named("placement-instance").status(problem == null);
        if (problem != null) {
            response.withData("problem", problem);
        }
        return response.build();
    }
}

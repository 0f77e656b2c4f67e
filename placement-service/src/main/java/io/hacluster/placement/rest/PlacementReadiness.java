package io.hacluster.placement.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.hacluster.placement.messaging.PlacementService;
import io.hacluster.placement.messaging.PlacementStatus;

/** Ready once this instance has read its topics up to where they stood when it started. */
@Readiness
@ApplicationScoped
public class PlacementReadiness implements HealthCheck {

    @Inject
    PlacementService service;

    @Override
    public HealthCheckResponse call() {
        PlacementStatus status = service.instance() == null ? null : service.instance().status();
        boolean ready = status != null && status.caughtUp();
        return HealthCheckResponse.named("placement-model").status(ready)
                .withData("role", status == null ? "STARTING" : status.role().name())
                .withData("pendingCauses", status == null ? 0 : status.pendingCauses())
                .build();
    }
}
